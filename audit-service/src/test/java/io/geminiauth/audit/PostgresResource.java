package io.geminiauth.audit;

import io.geminiauth.testsupport.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real PostgreSQL for the tests ({@link TestPostgres}): a fresh database per test profile. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
  private TestPostgres postgres;

  @Override
  public Map<String, String> start() {
    postgres = TestPostgres.fresh("audit_test");
    return Map.of(
        "quarkus.datasource.h2.active",
        "false",
        "quarkus.datasource.postgresql.active",
        "true",
        "quarkus.datasource.postgresql.jdbc.url",
        postgres.url(),
        "quarkus.datasource.postgresql.username",
        TestPostgres.USER);
  }

  @Override
  public void stop() {
    postgres.close();
  }
}
