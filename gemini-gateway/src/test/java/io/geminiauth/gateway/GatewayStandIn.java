package io.geminiauth.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.testsupport.AuditSink;
import io.geminiauth.testsupport.EmulatorProcess;
import io.geminiauth.testsupport.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Google's Gemini API (the emulator, as a process) behind the gateway, reached through upstreams
 * with keys of their own: {@code primary} (priority 0) and {@code secondary} (priority 1) serve the
 * 2.5 models and embeddings (and {@code badkey-*}, for which the emulator refuses any key), {@code
 * rotating} serves {@code gemini-2.0-flash} with two keys in turn; others with the token-service's
 * tokens ({@code bearer}: gemini-2.5-pro; {@code vertex}: Vertex paths; {@code vertex-translating}:
 * gemini-2.0-flash-lite as Vertex calls). Clients: {@code sdk-app} may do anything; {@code narrow}
 * may call only gemini-2.5-flash, 3 times a minute; {@code single} may have one request in flight;
 * {@code budgeted} may use 40 tokens a day; {@code streamer}'s tokens are only counted; {@code
 * other-team} may call two models; {@code platform} has project-wide access.
 */
public class GatewayStandIn implements QuarkusTestResourceLifecycleManager {
  public static final String CLIENT_KEY = "gwk_test_client_key_0123456789";
  public static final String NARROW_KEY = "gwk_test_narrow_key_0123456789";
  public static final String SINGLE_KEY = "gwk_test_single_key_0123456789";
  public static final String BUDGET_KEY = "gwk_test_budget_key_0123456789";
  public static final String STREAMER_KEY = "gwk_test_streamer_key_012345678";
  public static final String OTHER_TEAM_KEY = "gwk_test_other_team_key_01234567";
  public static final String PLATFORM_KEY = "gwk_test_platform_key_0123456789";
  public static final String AUDIT_KEY = "audit-producer-key-for-gateway-tests";
  public static final String OIDC_SECRET = "gateway-oidc-secret";
  public static final String ADMIN_KEY = "gateway-admin-key-for-tests-0123456789";
  public static final String BEARER_ACCOUNT = "gateway-sa@emulator-project.iam.gserviceaccount.com";
  public static volatile EmulatorProcess emulator;
  public static volatile AuditSink audit;
  public static volatile ServiceProcess tokenService;

  /** Emulator API keys by role: primary, secondary, rotating-1/2, audited-1/2. */
  public static final Map<String, EmulatorKey> KEYS = new HashMap<>();

  /** An API key the emulator issued: its uid names it in faults and counters. */
  public record EmulatorKey(String uid, String value) {}

  @Override
  public Map<String, String> start() {
    emulator =
        EmulatorProcess.start(
            List.of(
                "emulator.gemini.stream-gap=20ms",
                "emulator.gemini.stream-chunks=4",
                "emulator.oidc.clients.gemini-gateway.secret=" + OIDC_SECRET,
                "emulator.oidc.clients.gemini-gateway.roles=token-consumer",
                "emulator.oidc.clients.batch-service.secret=" + OIDC_SECRET,
                "emulator.oidc.clients.batch-service.roles=gemini-user",
                "emulator.oidc.clients.stranger.secret=" + OIDC_SECRET,
                "emulator.oidc.clients.stranger.roles=gemini-user"));
    for (String role :
        List.of(
            "primary",
            "secondary",
            "rotating-1",
            "rotating-2",
            "audited-1",
            "audited-2",
            "rotation-old")) {
      KEYS.put(role, role.startsWith("rotation") ? createKey(ROTATION_PROJECT) : createKey());
    }
    audit = AuditSink.start(AUDIT_KEY);
    tokenService = startTokenService();
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
    // badkey-*: the emulator refuses the key for that model name only, as a request can make
    // Google.
    upstream(
        config,
        "primary",
        0,
        "gemini-2.5-flash*,gemini-embedding-*,badkey-*",
        KEYS.get("primary").value());
    upstream(
        config,
        "secondary",
        1,
        "gemini-2.5-flash*,gemini-embedding-*,badkey-*",
        KEYS.get("secondary").value());
    upstream(
        config,
        "rotating",
        2,
        "gemini-2.0-flash",
        KEYS.get("rotating-1").value() + "," + KEYS.get("rotating-2").value());
    upstream(config, "bearer", -1, "gemini-2.5-pro", null);
    // Rotated by AdminApiTest through the admin API; first for gemini-2.5-flash-lite.
    upstream(config, "rotation", -2, "gemini-2.5-flash-lite", KEYS.get("rotation-old").value());
    config.put("gateway.admin.key-hashes.ops", KeyHashes.sha256Hex(ADMIN_KEY));
    config.put("gateway.upstreams.bearer.credential", "token-service");
    config.put("gateway.upstreams.bearer.service-account", BEARER_ACCOUNT);
    config.put("gateway.token-service.url", tokenService.baseUrl());
    // A stalled token-service is given up on after 1 s; after a failure the gateway waits an hour
    // of its moved clock, so that GatewayTokenServiceTest can count requests per cooldown step.
    config.put("quarkus.rest-client.token-service.read-timeout", "1000");
    config.put("gateway.token-service.cooldown", "1h");
    config.put("gateway.token-service.cooldown-max", "4h");
    // Vertex AI: the project's publisher models with the same account's cloud-platform tokens.
    // It serves Vertex paths only here, so the Gemini API tests keep their exact upstream counts.
    upstream(config, "vertex", 0, "gemini-2.5-flash", null);
    config.put("gateway.upstreams.vertex.api", "vertex");
    config.put("gateway.upstreams.vertex.project", "gw-project");
    config.put("gateway.upstreams.vertex.credential", "token-service");
    config.put("gateway.upstreams.vertex.service-account", BEARER_ACCOUNT);
    config.put("gateway.upstreams.vertex.scopes", "https://www.googleapis.com/auth/cloud-platform");
    config.put("gateway.upstreams.vertex.translate-gemini-paths", "false");
    // The only upstream of gemini-2.0-flash-lite: Gemini API calls for it become Vertex calls.
    upstream(config, "vertex-translating", 0, "gemini-2.0-flash-lite", null);
    config.put("gateway.upstreams.vertex-translating.api", "vertex");
    config.put("gateway.upstreams.vertex-translating.project", "gw-project");
    config.put("gateway.upstreams.vertex-translating.credential", "token-service");
    config.put("gateway.upstreams.vertex-translating.service-account", BEARER_ACCOUNT);
    config.put(
        "gateway.upstreams.vertex-translating.scopes",
        "https://www.googleapis.com/auth/cloud-platform");
    // The gateway proves itself to the token-service with an OIDC client-credentials token.
    config.put("quarkus.oidc-client.client-enabled", "true");
    config.put("quarkus.oidc-client.auth-server-url", emulator.baseUrl() + "/oidc");
    config.put("quarkus.oidc-client.client-id", "gemini-gateway");
    config.put("quarkus.oidc-client.credentials.secret", OIDC_SECRET);
    config.put("quarkus.oidc-client.grant-options.client.audience", "token-service");
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
    // Keys for issued-app are issued through the admin API only (IssuedClientKeysTest).
    config.put("gateway.clients.issued-app.models", "gemini-2.5-flash");
    config.put("gateway.clients.budgeted.key-hash", KeyHashes.sha256Hex(BUDGET_KEY));
    config.put("gateway.clients.budgeted.daily-token-budget", "40");
    config.put("gateway.clients.streamer.key-hash", KeyHashes.sha256Hex(STREAMER_KEY));
    // Two more teams on the same upstreams: other-team with two models, platform project-wide.
    config.put("gateway.clients.other-team.key-hash", KeyHashes.sha256Hex(OTHER_TEAM_KEY));
    config.put("gateway.clients.other-team.models", "gemini-2.5-flash,gemini-2.5-flash-lite");
    config.put("gateway.clients.platform.key-hash", KeyHashes.sha256Hex(PLATFORM_KEY));
    config.put("gateway.clients.platform.project-wide", "true");
    // Service clients with OIDC bearer JWTs from the emulator's issuer: batch-service is a client.
    config.put("quarkus.oidc.tenant-enabled", "true");
    config.put("quarkus.oidc.auth-server-url", emulator.baseUrl() + "/oidc");
    config.put("gateway.clients.batch-service.models", "gemini-2.5-flash");
    config.put("gateway.limits.max-body-bytes", "100000");
    // Short enough for tests, long enough to tell apart from an instant answer.
    config.put("gateway.resilience.first-byte-timeout", "1s");
    config.put("gateway.resilience.idle-timeout", "2s");
    config.put("gateway.resilience.initial-backoff", "50ms");
    config.put("gateway.resilience.max-backoff", "200ms");
    config.put("gateway.resilience.max-server-delay", "2s");
    config.put("gateway.resilience.breaker-volume", "4");
    config.put("gateway.resilience.breaker-ratio", "0.5");
    config.put("gateway.resilience.breaker-delay", "60s");
    config.put("gateway.resilience.key-recheck-interval", "2s");
    config.put("gateway.resilience.retry-budget-min-per-second", "100");
    return config;
  }

  /**
   * A JSON POST to the gateway on {@code port} with a client key, for {@code java.net.http}: for
   * answers read as they come, or under a time limit of the client's own.
   */
  public static HttpRequest post(
      int port, String pathAndQuery, String key, String body, Duration timeout) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(timeout)
        .header("x-goog-api-key", key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /**
   * Starts a resumable upload through the gateway (rest-assured's port) with a client key: the
   * upload URL Google's answer names, pointed back at the gateway.
   */
  public static String startUpload(String key) {
    io.restassured.response.Response start =
        io.restassured.RestAssured.given()
            .header("x-goog-api-key", key)
            .header("X-Goog-Upload-Protocol", "resumable")
            .header("X-Goog-Upload-Command", "start")
            .header("X-Goog-Upload-Header-Content-Length", "13")
            .header("X-Goog-Upload-Header-Content-Type", "text/plain")
            .contentType(io.restassured.http.ContentType.JSON)
            .body("{\"file\":{\"displayName\":\"probe.txt\",\"mimeType\":\"text/plain\"}}")
            .post("/upload/v1beta/files");
    start.then().statusCode(200).header("X-Goog-Upload-Status", "active");
    return start.header("X-Goog-Upload-URL");
  }

  /** Sends an upload's 13 bytes and finalizes it, with a client key. */
  public static io.restassured.response.Response finishUpload(String key, String path) {
    return io.restassured.RestAssured.given()
        .header("x-goog-api-key", key)
        .header("X-Goog-Upload-Command", "upload, finalize")
        .header("X-Goog-Upload-Offset", "0")
        .contentType("application/octet-stream")
        .body("hello gateway".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post(path);
  }

  /**
   * Removes the emulator's faults and closes every breaker: the next test meets healthy upstreams.
   */
  public static void clearFaultsAndBreakers() {
    emulator.delete("/emulator/faults");
    CircuitBreakerMaintenance.get().resetAll();
  }

  /** The official GenAI SDK pointed at the gateway on {@code port}, with a client key. */
  public static Client sdk(int port, String key) {
    return Client.builder()
        .apiKey(key)
        .httpOptions(HttpOptions.builder().baseUrl("http://127.0.0.1:" + port).build())
        .build();
  }

  private static void upstream(
      Map<String, String> config, String name, int priority, String models, String keys) {
    String prefix = "gateway.upstreams." + name + ".";
    config.put(prefix + "base-url", emulator.baseUrl());
    config.put(prefix + "priority", Integer.toString(priority));
    config.put(prefix + "models", models);
    if (keys != null) {
      config.put(prefix + "api-keys", keys);
    }
  }

  /**
   * The token-service as a process, holding the key of {@link #BEARER_ACCOUNT} and a policy that
   * lets the gateway (its OIDC client id) have that account's Gemini tokens.
   */
  private static ServiceProcess startTokenService() {
    try {
      Path root = Files.createDirectories(Path.of("target", "token-service-for-gateway"));
      tokenServiceKeys = Files.createTempDirectory(root, "keys");
      Files.writeString(
          tokenServiceKeys.resolve("gateway-sa.json"),
          emulator.post("/emulator/service-accounts", "{\"accountId\":\"gateway-sa\"}"));
      Files.writeString(
          tokenServicePolicy(),
          "{\"callers\":{\"gemini-gateway\":{\"accounts\":[\""
              + BEARER_ACCOUNT
              + "\"],\"scopes\":[\"https://www.googleapis.com/auth/generative-language\","
              + "\"https://www.googleapis.com/auth/cloud-platform\"]}}}");
      return startTokenService(ServiceProcess.freePort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tokenServiceKeys;

  private static Path tokenServicePolicy() {
    return tokenServiceKeys.resolveSibling(tokenServiceKeys.getFileName() + "-policy.json");
  }

  /** Starts the token-service again on the port it had, with the same key and policy. */
  public static void restartTokenService() {
    tokenService = startTokenService(tokenService.port());
  }

  private static ServiceProcess startTokenService(int port) {
    try {
      Path root = Path.of("target", "token-service-for-gateway");
      Path keys = tokenServiceKeys;
      Path policy = tokenServicePolicy();
      return ServiceProcess.start(
          "token-service",
          port,
          List.of(
              "token.instance=token-service-for-gateway-tests",
              "token.credentials.key-directory=" + keys,
              "token.callers.policy-file=" + policy,
              "token.metadata.port=" + ServiceProcess.freePort(),
              "quarkus.oidc.tenant-enabled=true",
              "quarkus.oidc.auth-server-url=" + emulator.baseUrl() + "/oidc",
              "token.audit.url=" + audit.eventsUrl(),
              "token.audit.key=" + AUDIT_KEY,
              "token.audit.outbox-directory=" + Files.createTempDirectory(root, "outbox")),
          Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Cloud project of the {@code rotation} upstream's keys; all others are in the default. */
  public static final String ROTATION_PROJECT = "gw-rotation";

  /** A new AUTH key at the emulator, in its default project. */
  public static EmulatorKey createKey() {
    return createKey("emulator-project");
  }

  /** A new AUTH key at the emulator, in {@code project}. */
  public static EmulatorKey createKey(String project) {
    try {
      JsonNode key =
          new ObjectMapper()
              .readTree(
                  emulator.post(
                      "/emulator/api-keys", "{\"type\":\"AUTH\",\"project\":\"" + project + "\"}"));
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
    if (tokenService != null) {
      tokenService.close();
    }
    if (audit != null) {
      audit.close();
    }
  }
}
