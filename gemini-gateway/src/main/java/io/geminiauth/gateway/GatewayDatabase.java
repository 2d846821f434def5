package io.geminiauth.gateway;

import io.agroal.api.AgroalDataSource;
import io.geminiauth.common.fleet.ChangeFeed;
import io.geminiauth.common.fleet.Connections;
import io.geminiauth.common.fleet.SecretSealer;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gateway's database: PostgreSQL when its datasource is active (what every replica shares),
 * otherwise the embedded H2 one of a first run. Both are built in, so switching needs no rebuild.
 * The stores take plain JDBC connections from it, so that the same code is tested on both.
 */
public class GatewayDatabase {
  private static final Logger LOG = Logger.getLogger(GatewayDatabase.class);

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

  @Produces
  @Singleton
  StateChannel channel(
      @ConfigProperty(name = "quarkus.datasource.postgresql.active", defaultValue = "false")
          boolean postgresql) {
    return new StateChannel(postgresql);
  }

  /**
   * What seals the API keys stored in the database: the configured key; with PostgreSQL there must
   * be one (every replica needs the same); an embedded first run makes one, and says so.
   */
  @Produces
  @Singleton
  SecretSealer sealer(GatewayConfig config, StateChannel channel) {
    String setting = "gateway.fleet.sealing-key";
    if (channel.shared() || config.fleet().sealingKey().isPresent()) {
      return SecretSealer.required(
          config.fleet().sealingKey(),
          setting,
          "GATEWAY_FLEET_SEALING_KEY",
          "the Google API keys the admin API adds");
    }
    LOG.infof(
        "single instance: %s is not set, so Google API keys added through the admin API are sealed"
            + " with a key made at start and do not outlive this process",
        setting);
    return SecretSealer.ephemeral(setting);
  }

  /**
   * Whether the gateway's replicas share the database (PostgreSQL), and so hear of each other's
   * changes on {@link #NAME}; an embedded database has one replica, which needs no notice.
   */
  public record StateChannel(boolean shared) {
    public static final String NAME = "gateway_state";

    /** Tells the other replicas, when {@code connection}'s transaction commits. */
    public void announce(Connection connection) throws SQLException {
      if (shared) {
        ChangeFeed.announce(connection, NAME);
      }
    }
  }
}
