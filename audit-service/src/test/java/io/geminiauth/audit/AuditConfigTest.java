package io.geminiauth.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented settings are accepted by the mapping, which refuses names it does not know. */
class AuditConfigTest {

  @Test
  void h2Path_documentedProperty_acceptedAndRead() {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(AuditConfig.class)
            .addDiscoveredConverters()
            .withValidateUnknown(true)
            .withSources(
                new PropertiesConfigSource(Map.of("audit.h2-path", "/var/lib/audit/db"), "test"))
            .build();

    // build() refuses a name the mapping does not know (SRCFG00050), as the service's start does.
    assertThat(config.getConfigMapping(AuditConfig.class)).isNotNull();
    assertThat(config.getValue("audit.h2-path", String.class)).isEqualTo("/var/lib/audit/db");
  }
}
