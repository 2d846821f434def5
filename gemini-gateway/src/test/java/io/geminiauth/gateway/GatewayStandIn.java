package io.geminiauth.gateway;

import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.testsupport.EmulatorProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;

/**
 * Google's Gemini API (the emulator, as a process) behind the gateway, with one upstream auth key
 * the emulator knows and one client key the gateway knows.
 */
public class GatewayStandIn implements QuarkusTestResourceLifecycleManager {
  public static final String CLIENT_KEY = "gwk_test_client_key_0123456789";
  public static volatile EmulatorProcess emulator;
  public static volatile String upstreamKey;

  @Override
  public Map<String, String> start() {
    emulator =
        EmulatorProcess.start(
            List.of("emulator.gemini.stream-gap=20ms", "emulator.gemini.stream-chunks=4"));
    upstreamKey =
        emulator
            .post("/emulator/api-keys", "{\"type\":\"AUTH\"}")
            .replaceAll(".*\"keyString\":\"([^\"]+)\".*", "$1");
    return Map.of(
        "gateway.upstream.base-url",
        emulator.baseUrl(),
        "gateway.upstream.api-key",
        upstreamKey,
        "gateway.clients.key-hashes.sdk-app",
        KeyHashes.sha256Hex(CLIENT_KEY),
        "gateway.limits.max-body-bytes",
        "100000");
  }

  @Override
  public void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }
}
