package io.geminiauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.types.HttpOptions;
import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.testsupport.EmulatorProcess;
import io.geminiauth.testsupport.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole suite, each service its own process from the jar the reactor built: the emulator as
 * Google, the audit-service on H2, the token-service with a service-account key, the gateway with a
 * bearer upstream whose tokens come from the token-service. A GenAI SDK request flows through the
 * gateway, the token-service mints, and the mint and the refusal of a wrong client key both reach
 * the audit store, whose hash chain then verifies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholeSuiteTest {
  static final String ACCOUNT = "e2e-gemini@emulator-project.iam.gserviceaccount.com";
  static final String CLIENT_KEY = "gwk_e2e_client_key_0123456789abcdef";
  static final String GATEWAY_TO_TOKENS = "e2e-gateway-to-token-service-key";
  static final String PRODUCER_KEY = "e2e-audit-producer-key";
  static final String READER_KEY = "e2e-audit-reader-key";

  static EmulatorProcess emulator;
  static ServiceProcess audit;
  static ServiceProcess tokens;
  static ServiceProcess gateway;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startTheSuite() throws IOException {
    Path run = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "suite");
    // Tokens of 4 minutes: handed out while more than 3m46s is left (what client libraries need),
    // stale from 3m52s, so the token-service's background refresh comes within a test's time; the
    // gateway's own copy is stale from 3m55s, so it asks again and meets the stale token.
    emulator = EmulatorProcess.start(List.of("emulator.oauth.access-token-lifetime=240s"));
    audit =
        ServiceProcess.start(
            "audit-service",
            ServiceProcess.freePort(),
            List.of(
                "audit.auth.producer-key-hashes=" + KeyHashes.sha256Hex(PRODUCER_KEY),
                "audit.auth.reader-key-hashes=" + KeyHashes.sha256Hex(READER_KEY)),
            Map.of("AUDIT_H2_PATH", run.resolve("audit").toAbsolutePath().toString()));
    Path keys = Files.createDirectories(run.resolve("keys"));
    Files.writeString(
        keys.resolve("e2e-gemini.json"),
        emulator.post("/emulator/service-accounts", "{\"accountId\":\"e2e-gemini\"}"));
    Path policy = run.resolve("policy.json");
    Files.writeString(
        policy,
        "{\"callers\":{\"gemini-gateway\":{\"accounts\":[\""
            + ACCOUNT
            + "\"],\"scopes\":[\"https://www.googleapis.com/auth/generative-language\"]}}}");
    String events = audit.baseUrl() + "/v1/events";
    tokens =
        ServiceProcess.start(
            "token-service",
            ServiceProcess.freePort(),
            List.of(
                "token.credentials.key-directory=" + keys,
                "token.callers.policy-file=" + policy,
                "token.callers.key-hashes.gemini-gateway=" + KeyHashes.sha256Hex(GATEWAY_TO_TOKENS),
                "token.metadata.port=" + ServiceProcess.freePort(),
                "token.audit.url=" + events,
                "token.audit.key=" + PRODUCER_KEY,
                "token.audit.outbox-directory=" + run.resolve("token-outbox"),
                "token.cache.min-remaining=226s",
                "token.cache.refresh-ahead=232s"),
            Map.of());
    gateway =
        ServiceProcess.start(
            "gemini-gateway",
            ServiceProcess.freePort(),
            List.of(
                "gateway.clients.e2e-app.key-hash=" + KeyHashes.sha256Hex(CLIENT_KEY),
                "gateway.upstreams.google.base-url=" + emulator.baseUrl(),
                "gateway.upstreams.google.credential=token-service",
                "gateway.upstreams.google.service-account=" + ACCOUNT,
                "gateway.token-service.url=" + tokens.baseUrl(),
                "gateway.token-service.key=" + GATEWAY_TO_TOKENS,
                "gateway.token-service.refresh-ahead=235s",
                "gateway.audit.url=" + events,
                "gateway.audit.key=" + PRODUCER_KEY,
                "gateway.audit.outbox-directory=" + run.resolve("gateway-outbox")),
            Map.of());
  }

  @AfterAll
  static void stopTheSuite() {
    for (AutoCloseable service : new AutoCloseable[] {gateway, tokens, audit, emulator}) {
      try {
        if (service != null) {
          service.close();
        }
      } catch (Exception e) {
        // stopping anyway
      }
    }
  }

  @Test
  @Order(1)
  void sdkRequest_flowsThroughEveryService_mintAndDenialInTheAuditStore() throws Exception {
    Client sdk = sdk(CLIENT_KEY);
    assertThat(sdk.models.generateContent("gemini-2.5-flash", "Say hello", null).text())
        .contains("Say hello");
    // The emulator saw a bearer call (the token the token-service minted), not an API key.
    assertThat(emulator.counter("token")).isEqualTo(1);
    assertThat(emulator.counter("generateContent")).isEqualTo(1);

    assertThatThrownBy(
            () -> sdk("gwk_e2e_wrong").models.generateContent("gemini-2.5-flash", "x", null))
        .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(400));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                query("type=TOKEN_ISSUED&source=token-service&subject=" + ACCOUNT)
                    .contains("\"principal\":\"gemini-gateway\""));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                query("type=ACCESS_DENIED&source=gemini-gateway")
                    .contains("\"reason\":\"unknown client key\""));
    String all = query("limit=100");
    assertThat(all).doesNotContain(CLIENT_KEY).doesNotContain("gwk_e2e_wrong");
    assertThat(get("/v1/integrity")).contains("\"verified\":true");
  }

  /**
   * The token ages into the token-service's refresh window while clients keep calling: one
   * background refresh mints its successor, the clients are served throughout, and the
   * TOKEN_REFRESHED event reaches the audit store through the outbox.
   */
  @Test
  @Order(2)
  void tokenNearItsExpiry_refreshedInTheBackground_eventInTheAuditStore() throws Exception {
    Client sdk = sdk(CLIENT_KEY);
    long mints = emulator.counter("token");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              assertThat(
                      sdk.models.generateContent("gemini-2.5-flash", "Still there?", null).text())
                  .contains("Still there?");
              return emulator.counter("token") > mints;
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                query("type=TOKEN_REFRESHED&source=token-service&subject=" + ACCOUNT)
                    .contains("\"principal\":\"gemini-gateway\""));
    assertThat(get("/v1/integrity")).contains("\"verified\":true");
  }

  private static Client sdk(String key) {
    return Client.builder()
        .apiKey(key)
        .httpOptions(HttpOptions.builder().baseUrl(gateway.baseUrl()).build())
        .build();
  }

  private static String query(String parameters) throws Exception {
    return get("/v1/events?" + parameters);
  }

  private static String get(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(audit.baseUrl() + path))
                .header("x-audit-key", READER_KEY)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }
}
