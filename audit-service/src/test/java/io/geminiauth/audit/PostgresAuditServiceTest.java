package io.geminiauth.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The audit-service's contract on a real PostgreSQL (the production store). */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresAuditServiceTest extends AuditServiceContract {}
