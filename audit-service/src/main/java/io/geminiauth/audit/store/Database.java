package io.geminiauth.audit.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The store's connection source: the PostgreSQL datasource when it is active, otherwise the
 * embedded H2 one. Both are built in, so switching needs no rebuild.
 */
@ApplicationScoped
public class Database {
  private final AgroalDataSource dataSource;
  private final boolean postgresql;

  public Database(
      @DataSource("h2") InjectableInstance<AgroalDataSource> h2,
      @DataSource("postgresql") InjectableInstance<AgroalDataSource> pg,
      @ConfigProperty(name = "quarkus.datasource.postgresql.active", defaultValue = "false")
          boolean postgresqlActive) {
    this.postgresql = postgresqlActive;
    this.dataSource = postgresqlActive ? pg.get() : h2.get();
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  public boolean isPostgresql() {
    return postgresql;
  }
}
