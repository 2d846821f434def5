package io.geminiauth.audit;

import io.quarkus.test.junit.QuarkusTest;

/** The audit-service's contract on the embedded H2 store (the first-run default). */
@QuarkusTest
class H2AuditServiceTest extends AuditServiceContract {}
