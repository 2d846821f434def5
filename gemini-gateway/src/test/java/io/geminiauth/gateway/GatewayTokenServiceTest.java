package io.geminiauth.gateway;

import static io.geminiauth.gateway.GatewayStandIn.BEARER_ACCOUNT;
import static io.geminiauth.gateway.GatewayStandIn.CLIENT_KEY;
import static io.geminiauth.gateway.GatewayStandIn.KEYS;
import static io.geminiauth.gateway.GatewayStandIn.audit;
import static io.geminiauth.gateway.GatewayStandIn.emulator;
import static io.geminiauth.gateway.GatewayStandIn.tokenService;
import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.google.genai.Client;
import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.token.AccessToken;
import io.geminiauth.gateway.credential.UpstreamTokens;
import io.geminiauth.testsupport.MovableClockProducer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bearer upstream: the gateway gets a service account's token from the real token-service (run
 * as a process, the gateway authenticated by an OIDC client-credentials token from the emulator's
 * issuer), sends it to Google, and on a 401 asks once for a fresh one.
 */
@QuarkusTest
class GatewayTokenServiceTest {
  static final String PRO = "/v1beta/models/gemini-2.5-pro:generateContent";
  static final String GEMINI_SCOPE = "https://www.googleapis.com/auth/generative-language";
  static final String BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}";

  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @Inject UpstreamTokens tokens;
  @Inject MeterRegistry meters;
  @Inject CircuitBreakerMaintenance breakers;

  @AfterEach
  void clearFaults() {
    emulator.delete("/emulator/faults");
    MovableClockProducer.CLOCK.reset();
  }

  /**
   * The token-service hangs, then dies, while the gateway holds a valid token: clients are served
   * with it until its margin, then get a fast 503 with Retry-After (the cooldown left); the gateway
   * asks the token-service once per cooldown step, not once per client call, and recovers once it
   * is back.
   */
  @Test
  void tokenServiceStalledThenDown_heldTokenServesUntilItsMargin_then503_oneAskPerCooldownStep()
      throws Exception {
    breakers.reset("token-service");
    generate().then().statusCode(200);
    AccessToken held =
        tokens.get(BEARER_ACCOUNT, List.of(GEMINI_SCOPE)).toCompletableFuture().get(10, SECONDS);
    double failedBefore = fetches("failed");
    double okBefore = fetches("ok");

    tokenService.suspend();
    try {
      // 9 minutes left: stale. Served with the held token; one background ask hangs, times out.
      MovableClockProducer.CLOCK.advance(untilLeft(held, Duration.ofMinutes(9)));
      for (int i = 0; i < 5; i++) {
        generate().then().statusCode(200);
      }
      await().atMost(Duration.ofSeconds(15)).until(() -> fetches("failed") == failedBefore + 1);
      for (int i = 0; i < 10; i++) {
        generate().then().statusCode(200);
      }
    } finally {
      tokenService.resume();
    }
    tokenService.kill();
    try {
      // 30 s left, under the 60 s margin, still within the 1 h cooldown: a fast, clear 503.
      MovableClockProducer.CLOCK.advance(untilLeft(held, Duration.ofSeconds(30)));
      for (int i = 0; i < 5; i++) {
        Response refused = generate();
        refused
            .then()
            .statusCode(503)
            .body("error.status", equalTo("UNAVAILABLE"))
            .body("error.message", containsString("token-service is unavailable"));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
      }
      assertThat(fetches("failed")).as("no ask within the cooldown").isEqualTo(failedBefore + 1);
      // The next step (a doubled cooldown after this one): one ask, refused at once, still 503.
      MovableClockProducer.CLOCK.advance(Duration.ofHours(1));
      generate().then().statusCode(503);
      generate().then().statusCode(503);
      assertThat(fetches("failed")).isEqualTo(failedBefore + 2);
    } finally {
      GatewayStandIn.restartTokenService();
    }
    // Depending on what the earlier tests sent, the breaker may have opened: its delay (10 s of
    // real time) is not waited for here.
    breakers.reset("token-service");
    MovableClockProducer.CLOCK.advance(Duration.ofHours(2));
    generate().then().statusCode(200);
    assertThat(fetches("ok")).isEqualTo(okBefore + 1);
  }

  /** How far to move the clock so that {@code held} has {@code left} before it expires. */
  private static Duration untilLeft(AccessToken held, Duration left) {
    return Duration.between(MovableClockProducer.CLOCK.instant(), held.expiresAt().minus(left));
  }

  private double fetches(String outcome) {
    return meters.get("gateway_token_fetch_total").tag("outcome", outcome).counter().count();
  }

  @Test
  void sdk_callsOnABearerUpstream_atMostOneTokenMinted_keysUntouched() {
    long keyCallsBefore = keyCalls();
    long mintsBefore = emulator.counter("token");
    Client sdk = GatewayStandIn.sdk(port, CLIENT_KEY);
    for (int i = 0; i < 3; i++) {
      assertThat(sdk.models.generateContent("gemini-2.5-pro", "Hi", null).text()).contains("Hi");
    }
    assertThat(keyCalls())
        .as("no API-key upstream served gemini-2.5-pro")
        .isEqualTo(keyCallsBefore);
    AuthEvent issued =
        awaitEvent(
            e ->
                e.type() == AuthEventType.TOKEN_ISSUED
                    && "gemini-gateway".equals(e.principal())
                    && BEARER_ACCOUNT.equals(e.subject()));
    assertThat(issued.source().service()).isEqualTo("token-service");
    assertThat(emulator.counter("token") - mintsBefore)
        .as("at most the first mint; then the token is cached in the token-service and the gateway")
        .isLessThanOrEqualTo(1);
  }

  @Test
  void upstream401_gatewayGetsAFreshTokenOnce_andTheCallSucceeds() {
    generate().then().statusCode(200);
    long calls = emulator.counter("generateContent:gemini-2.5-pro");
    long mints = emulator.counter("token");
    emulator.post(
        "/emulator/faults",
        "{\"route\":\"generateContent\",\"model\":\"gemini-2.5-pro\",\"times\":1,\"status\":401}");

    generate().then().statusCode(200);

    assertThat(emulator.counter("generateContent:gemini-2.5-pro")).isEqualTo(calls + 2);
    assertThat(emulator.counter("token")).as("the token-service minted anew").isEqualTo(mints + 1);
    awaitEvent(
        e -> e.type() == AuthEventType.UPSTREAM_AUTH_FAILED && BEARER_ACCOUNT.equals(e.subject()));
    awaitEvent(
        e ->
            e.type() == AuthEventType.TOKEN_REVOKED
                && "gemini-gateway".equals(e.principal())
                && e.reason().contains("Google refused the cached token"));
  }

  @Test
  void upstream401Twice_onlyOneRefetch_client503NotTheUpstreams401() {
    generate().then().statusCode(200);
    long calls = emulator.counter("generateContent:gemini-2.5-pro");
    emulator.post(
        "/emulator/faults",
        "{\"route\":\"generateContent\",\"model\":\"gemini-2.5-pro\",\"times\":2,\"status\":401}");

    // The bearer upstream is the only one for this model: with its token refused twice, the
    // client learns that the gateway's credentials failed (503), not that its own key did (401).
    generate()
        .then()
        .statusCode(503)
        .header("Retry-After", "30")
        .body("error.status", equalTo("UNAVAILABLE"))
        .body("error.message", containsString("refused the gateway's credentials"));
    assertThat(emulator.counter("generateContent:gemini-2.5-pro")).isEqualTo(calls + 2);
  }

  /** A Vertex AI client's path goes to the Vertex upstream, with the account's bearer token. */
  @Test
  void vertexPath_servedByTheVertexUpstream_withTheAccountsToken() {
    long keyCalls = keyCalls();
    long calls = emulator.counter("generateContent:gemini-2.5-flash");
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(
            "/v1/projects/gw-project/locations/us-central1/publishers/google/models/"
                + "gemini-2.5-flash:generateContent")
        .then()
        .statusCode(200)
        .body("candidates[0].content.role", equalTo("model"));
    assertThat(emulator.counter("generateContent:gemini-2.5-flash")).isEqualTo(calls + 1);
    assertThat(keyCalls()).as("no Gemini API upstream took the Vertex path").isEqualTo(keyCalls);
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(
            "/v1/projects/gw-project/locations/us-central1/publishers/google/models/"
                + "gemini-2.5-pro:generateContent")
        .then()
        .statusCode(404)
        .body("error.message", containsString("No Vertex AI upstream"));
  }

  /**
   * A Gemini API call (what the SDKs send) for a model only a translating Vertex AI upstream
   * serves: it reaches the project's publisher model with the account's token (the emulator's
   * Vertex route takes no API key, and only Vertex answers carry {@code createTime}); the stream's
   * {@code alt=sse} goes along, and no Gemini API key is used.
   */
  @Test
  void geminiPath_onlyVertexServesTheModel_translatedWithTheAccountsToken() {
    long keyCalls = keyCalls();
    long calls = emulator.counter("generateContent:gemini-2.0-flash-lite");
    long streams = emulator.counter("streamGenerateContent:gemini-2.0-flash-lite");
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post("/v1beta/models/gemini-2.0-flash-lite:generateContent")
        .then()
        .statusCode(200)
        .body("modelVersion", equalTo("gemini-2.0-flash-lite"))
        .body("createTime", notNullValue());
    String events =
        given()
            .header("x-goog-api-key", CLIENT_KEY)
            .contentType(ContentType.JSON)
            .body(BODY)
            .post("/v1beta/models/gemini-2.0-flash-lite:streamGenerateContent?alt=sse")
            .then()
            .statusCode(200)
            .contentType(startsWith("text/event-stream"))
            .extract()
            .asString();
    assertThat(events).startsWith("data: {").contains("\"createTime\"");
    assertThat(emulator.counter("generateContent:gemini-2.0-flash-lite")).isEqualTo(calls + 1);
    assertThat(emulator.counter("streamGenerateContent:gemini-2.0-flash-lite"))
        .isEqualTo(streams + 1);
    assertThat(keyCalls()).isEqualTo(keyCalls);
  }

  private static Response generate() {
    return given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(PRO);
  }

  private static long keyCalls() {
    return emulator.counter("generateContent@" + KEYS.get("primary").uid())
        + emulator.counter("generateContent@" + KEYS.get("secondary").uid());
  }

  private static AuthEvent awaitEvent(Predicate<AuthEvent> wanted) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> audit.events().stream().filter(wanted).findFirst(), o -> o.isPresent())
        .orElseThrow();
  }
}
