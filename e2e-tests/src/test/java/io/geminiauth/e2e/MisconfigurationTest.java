package io.geminiauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geminiauth.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A token cache whose margins cannot work stops the service at start with the property named, not
 * at its first request with a 500.
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
}
