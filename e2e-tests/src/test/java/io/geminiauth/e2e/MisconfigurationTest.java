package io.geminiauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geminiauth.testsupport.ServiceProcess;
import io.geminiauth.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A setting that cannot work (a token cache margin too short; a fleet store without the key that
 * seals what it stores) stops the service at start with the property named, not at its first
 * request with a 500.
 */
class MisconfigurationTest {
  @Test
  void tokenServiceCacheMarginTooShort_startFails_namingTheProperty() throws Exception {
    assertThatThrownBy(
            () ->
                ServiceProcess.start(
                    "token-service",
                    ServiceProcess.freePort(),
                    List.of(
                        "token.cache.min-remaining=2s",
                        "token.metadata.port=" + ServiceProcess.freePort()),
                    Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not start");
    assertThat(Files.readString(Path.of("target", "token-service-for-tests.log")))
        .contains("token.cache.min-remaining must exceed 3m45s");
  }

  @Test
  void tokenServiceOnPostgresWithoutSealingKey_startFails_namingTheProperty() throws Exception {
    try (TestPostgres postgres = TestPostgres.fresh("token_misconfigured")) {
      assertThatThrownBy(
              () ->
                  ServiceProcess.start(
                      "token-service",
                      ServiceProcess.freePort(),
                      List.of(
                          "quarkus.profile=prod,postgresql",
                          "quarkus.datasource.postgresql.jdbc.url=" + postgres.url(),
                          "token.metadata.port=" + ServiceProcess.freePort()),
                      Map.of()))
          .hasMessageContaining("did not start");
    }
    assertThat(Files.readString(Path.of("target", "token-service-for-tests.log")))
        .contains("token.fleet.sealing-key (TOKEN_FLEET_SEALING_KEY) is required with PostgreSQL");
  }
}
