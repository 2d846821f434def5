package io.geminiauth.gateway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's database: PostgreSQL when its datasource is active (what every replica shares),
 * otherwise the embedded H2 one of a first run. Both are built in, so switching needs no rebuild.
 * The stores take plain JDBC connections from it, so that the same code is tested on both.
 */
public class GatewayDatabase {
  /** Where a store's connections come from. */
  @FunctionalInterface
  public interface Connections {
    Connection open() throws SQLException;
  }

  @Produces
  @Singleton
  Connections connections(
      @DataSource("h2") InjectableInstance<AgroalDataSource> h2,
      @DataSource("postgresql") InjectableInstance<AgroalDataSource> pg,
      @ConfigProperty(name = "quarkus.datasource.postgresql.active", defaultValue = "false")
          boolean postgresql) {
    AgroalDataSource dataSource = postgresql ? pg.get() : h2.get();
    return dataSource::getConnection;
  }
}
