package io.geminiauth.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.testsupport.AuditSink;
import io.geminiauth.testsupport.EmulatorProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Google's Gemini API (the emulator, as a process) behind the gateway, reached through three
 * upstreams with keys of their own: {@code primary} (priority 0) and {@code secondary} (priority 1)
 * serve the 2.5 models and embeddings, {@code rotating} serves {@code gemini-2.0-flash} with two
 * keys in turn. Clients: {@code sdk-app} may do anything; {@code narrow} may call only
 * gemini-2.5-flash, 3 times a minute; {@code single} may have one request in flight.
 */
public class GatewayStandIn implements QuarkusTestResourceLifecycleManager {
  public static final String CLIENT_KEY = "gwk_test_client_key_0123456789";
  public static final String NARROW_KEY = "gwk_test_narrow_key_0123456789";
  public static final String SINGLE_KEY = "gwk_test_single_key_0123456789";
  public static final String AUDIT_KEY = "audit-producer-key-for-gateway-tests";
  public static volatile EmulatorProcess emulator;
  public static volatile AuditSink audit;

  /** Emulator API keys by role: primary, secondary, rotating-1/2, audited-1/2. */
  public static final Map<String, EmulatorKey> KEYS = new HashMap<>();

  /** An API key the emulator issued: its uid names it in faults and counters. */
  public record EmulatorKey(String uid, String value) {}

  @Override
  public Map<String, String> start() {
    emulator =
        EmulatorProcess.start(
            List.of("emulator.gemini.stream-gap=20ms", "emulator.gemini.stream-chunks=4"));
    for (String role :
        List.of("primary", "secondary", "rotating-1", "rotating-2", "audited-1", "audited-2")) {
      KEYS.put(role, createKey());
    }
    audit = AuditSink.start(AUDIT_KEY);
    Map<String, String> config = new HashMap<>();
    config.put("gateway.audit.url", audit.eventsUrl());
    config.put("gateway.audit.key", AUDIT_KEY);
    try {
      config.put(
          "gateway.audit.outbox-directory",
          Files.createTempDirectory(Files.createDirectories(Path.of("target")), "outbox")
              .toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    upstream(config, "primary", 0, "gemini-2.5-*,gemini-embedding-*", KEYS.get("primary").value());
    upstream(
        config, "secondary", 1, "gemini-2.5-*,gemini-embedding-*", KEYS.get("secondary").value());
    upstream(
        config,
        "rotating",
        2,
        "gemini-2.0-flash",
        KEYS.get("rotating-1").value() + "," + KEYS.get("rotating-2").value());
    upstream(
        config,
        "audited",
        3,
        "text-embedding-004",
        KEYS.get("audited-1").value() + "," + KEYS.get("audited-2").value());
    config.put("gateway.clients.sdk-app.key-hash", KeyHashes.sha256Hex(CLIENT_KEY));
    config.put("gateway.clients.narrow.key-hash", KeyHashes.sha256Hex(NARROW_KEY));
    config.put("gateway.clients.narrow.models", "gemini-2.5-flash");
    config.put("gateway.clients.narrow.requests-per-minute", "3");
    config.put("gateway.clients.single.key-hash", KeyHashes.sha256Hex(SINGLE_KEY));
    config.put("gateway.clients.single.max-concurrent", "1");
    config.put("gateway.limits.max-body-bytes", "100000");
    // Short enough for tests, long enough to tell apart from an instant answer.
    config.put("gateway.resilience.first-byte-timeout", "1s");
    config.put("gateway.resilience.initial-backoff", "50ms");
    config.put("gateway.resilience.max-backoff", "200ms");
    config.put("gateway.resilience.max-server-delay", "2s");
    config.put("gateway.resilience.breaker-volume", "4");
    config.put("gateway.resilience.breaker-ratio", "0.5");
    config.put("gateway.resilience.breaker-delay", "60s");
    config.put("gateway.resilience.retry-budget-min-per-second", "100");
    return config;
  }

  private static void upstream(
      Map<String, String> config, String name, int priority, String models, String keys) {
    String prefix = "gateway.upstreams." + name + ".";
    config.put(prefix + "base-url", emulator.baseUrl());
    config.put(prefix + "priority", Integer.toString(priority));
    config.put(prefix + "models", models);
    config.put(prefix + "api-keys", keys);
  }

  private static EmulatorKey createKey() {
    try {
      JsonNode key =
          new ObjectMapper().readTree(emulator.post("/emulator/api-keys", "{\"type\":\"AUTH\"}"));
      return new EmulatorKey(key.path("uid").asText(), key.path("keyString").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (emulator != null) {
      emulator.close();
    }
    if (audit != null) {
      audit.close();
    }
  }
}
