package io.geminiauth.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A fresh PostgreSQL database for a test: on the server named by {@code AUDIT_TEST_POSTGRES_URL}
 * (CI points it at the server it starts), otherwise on an embedded PostgreSQL started here, so that
 * {@code ./mvnw verify} covers PostgreSQL on any machine. {@link #close()} drops it.
 */
public final class TestPostgres implements AutoCloseable {
  public static final String ENV = "AUDIT_TEST_POSTGRES_URL";
  public static final String USER = "postgres";

  private final EmbeddedPostgres embedded;
  private final String serverUrl;
  private final String database;
  private final String url;

  private TestPostgres(EmbeddedPostgres embedded, String serverUrl, String database, String url) {
    this.embedded = embedded;
    this.serverUrl = serverUrl;
    this.database = database;
    this.url = url;
  }

  /** A new, empty database whose name starts with {@code prefix}. */
  public static TestPostgres fresh(String prefix) {
    String server = System.getenv(ENV);
    if (server == null || server.isBlank()) {
      try {
        EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
        return new TestPostgres(embedded, null, null, embedded.getJdbcUrl(USER, USER));
      } catch (IOException e) {
        throw new IllegalStateException("could not start an embedded PostgreSQL", e);
      }
    }
    String database =
        prefix + "_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
    execute(server, "CREATE DATABASE " + database);
    return new TestPostgres(
        null, server, database, server.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1"));
  }

  /** The database's JDBC URL (user {@value #USER}, no password). */
  public String url() {
    return url;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, USER, null);
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        // the process is going away anyway
      }
    } else {
      execute(serverUrl, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static void execute(String server, String sql) {
    try (Connection c = DriverManager.getConnection(server, USER, null);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + ENV + ": " + e.getMessage(), e);
    }
  }
}
