package io.geminiauth.token.fleet;

import io.agroal.api.AgroalDataSource;
import io.geminiauth.common.fleet.SecretSealer;
import io.geminiauth.token.TokenConfig;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The ledger: PostgreSQL when its datasource is active (the {@code postgresql} profile, what a
 * fleet runs), otherwise this process's memory, which the service says at start.
 */
public class LedgerProducer {
  private static final Logger LOG = Logger.getLogger(LedgerProducer.class);

  @Produces
  @Singleton
  CredentialLedger ledger(
      @DataSource("postgresql") InjectableInstance<AgroalDataSource> postgres,
      @ConfigProperty(name = "quarkus.datasource.postgresql.active", defaultValue = "false")
          boolean shared,
      TokenConfig config,
      Clock clock) {
    if (!shared) {
      LOG.info(
          "single instance: credential decisions (admin rotations, disables, revocations) are"
              + " kept in memory until restart; run more than one replica with the postgresql"
              + " profile");
      return new MemoryLedger();
    }
    SecretSealer sealer =
        SecretSealer.required(
            config.fleet().sealingKey(),
            "token.fleet.sealing-key",
            "TOKEN_FLEET_SEALING_KEY",
            "the private keys the admin API adds");
    AgroalDataSource dataSource = postgres.get();
    LOG.infof(
        "fleet: credential decisions are shared through PostgreSQL (sealing key %s)",
        sealer.keyId());
    return new PostgresLedger(dataSource::getConnection, sealer, clock);
  }
}
