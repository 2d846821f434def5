package io.geminiauth.gateway.client.keys;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The store of issued client keys on the PostgreSQL datasource when it is active, otherwise the
 * embedded H2 one. Both are built in, so switching needs no rebuild.
 */
public class ClientKeyDatabase {
  @Produces
  @Singleton
  ClientKeyStore store(
      @DataSource("h2") InjectableInstance<AgroalDataSource> h2,
      @DataSource("postgresql") InjectableInstance<AgroalDataSource> pg,
      @ConfigProperty(name = "quarkus.datasource.postgresql.active", defaultValue = "false")
          boolean postgresql) {
    AgroalDataSource dataSource = postgresql ? pg.get() : h2.get();
    return new ClientKeyStore(dataSource::getConnection);
  }
}
