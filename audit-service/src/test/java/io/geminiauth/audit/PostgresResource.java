package io.geminiauth.audit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A real PostgreSQL for the tests: a fresh database on the server named by {@code
 * AUDIT_TEST_POSTGRES_URL} (CI sets it to the server it starts), otherwise an embedded PostgreSQL
 * started here, so that {@code ./mvnw verify} covers PostgreSQL on any machine.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
  public static final String ENV = "AUDIT_TEST_POSTGRES_URL";

  private EmbeddedPostgres embedded;
  private String serverUrl;
  private String database;

  @Override
  public Map<String, String> start() {
    serverUrl = System.getenv(ENV);
    String url;
    if (serverUrl != null && !serverUrl.isBlank()) {
      database = "audit_test_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
      execute("CREATE DATABASE " + database);
      url = serverUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
    } else {
      try {
        embedded = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new IllegalStateException("could not start an embedded PostgreSQL", e);
      }
      url = embedded.getJdbcUrl("postgres", "postgres");
    }
    return Map.of(
        "quarkus.datasource.h2.active", "false",
        "quarkus.datasource.postgresql.active", "true",
        "quarkus.datasource.postgresql.jdbc.url", url,
        "quarkus.datasource.postgresql.username", "postgres");
  }

  @Override
  public void stop() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        // the process is going away anyway
      }
    } else if (database != null) {
      execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private void execute(String sql) {
    try (Connection c = DriverManager.getConnection(serverUrl, "postgres", null);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + ENV + ": " + e.getMessage(), e);
    }
  }
}
