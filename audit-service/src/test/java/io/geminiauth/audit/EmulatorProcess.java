package io.geminiauth.audit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;

/**
 * The suite's google-emulator (see {@link io.geminiauth.testsupport.EmulatorProcess}) as the OIDC
 * issuer of the tests. Its internal clients: {@code producer-svc} (role audit-producer), {@code
 * reader-svc} (audit-reader) and {@code other-svc} (neither).
 */
public class EmulatorProcess implements QuarkusTestResourceLifecycleManager {
  static final String SECRET = "emulator-test-secret";
  static volatile io.geminiauth.testsupport.EmulatorProcess emulator;
  static volatile String baseUrl;

  @Override
  public Map<String, String> start() {
    emulator =
        io.geminiauth.testsupport.EmulatorProcess.start(
            List.of(
                "emulator.oidc.clients.producer-svc.secret=" + SECRET,
                "emulator.oidc.clients.producer-svc.roles=audit-producer",
                "emulator.oidc.clients.reader-svc.secret=" + SECRET,
                "emulator.oidc.clients.reader-svc.roles=audit-reader",
                "emulator.oidc.clients.other-svc.secret=" + SECRET,
                "emulator.oidc.clients.other-svc.roles=service"));
    baseUrl = emulator.baseUrl();
    return Map.of(
        "quarkus.oidc.tenant-enabled", "true", "quarkus.oidc.auth-server-url", baseUrl + "/oidc");
  }

  @Override
  public void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  /** A client-credentials token from the emulator's issuer, for the audit-service audience. */
  static String token(String clientId) {
    return emulator.oidcToken(clientId, SECRET, "audit-service");
  }
}
