package io.geminiauth.gateway;

import static io.geminiauth.gateway.GatewayStandIn.CLIENT_KEY;
import static io.geminiauth.gateway.GatewayStandIn.KEYS;
import static io.geminiauth.gateway.GatewayStandIn.emulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.google.genai.Client;
import io.geminiauth.common.event.AuthEventType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upstream trouble played by the emulator, one project's key at a time: failover, retries with
 * backoff, RetryInfo, breakers, timeouts, dropped connections and refused keys, with the exact
 * number of calls each upstream received.
 */
@QuarkusTest
class GatewayResilienceTest {
  static final String GENERATE = "/v1beta/models/gemini-2.5-flash:generateContent";
  static final String BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}";

  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @BeforeEach
  void clearCounters() {
    emulator.delete("/emulator/counters");
  }

  @AfterEach
  void clearFaults() {
    GatewayStandIn.clearFaultsAndBreakers();
  }

  @Test
  void storm429OnPrimary_everyRequestServedBySecondary_breakerOpensAfterItsVolume() {
    fault("primary", 1000, "\"status\":429,\"retryDelay\":\"30s\"");
    Client sdk = GatewayStandIn.sdk(port, CLIENT_KEY);

    for (int i = 0; i < 8; i++) {
      assertThat(sdk.models.generateContent("gemini-2.5-flash", "Hi", null).text()).contains("Hi");
    }

    // Breaker volume 4 at ratio 0.5: four 429s open it, and then the primary is not even asked.
    assertThat(calls("primary")).isEqualTo(4);
    assertThat(calls("secondary")).isEqualTo(8);
    assertThat(CircuitBreakerMaintenance.get().currentState("upstream:primary"))
        .isEqualTo(CircuitBreakerState.OPEN);
    assertThat(metric("gateway_upstream_breaker_state{upstream=\"primary\"}")).isEqualTo(2.0);
  }

  @Test
  void oneTransient503_failsOverOnce() {
    faultAll(1, "\"status\":503");
    generate().then().statusCode(200);
    assertThat(calls("primary")).isEqualTo(1);
    assertThat(calls("secondary")).isEqualTo(1);
  }

  @Test
  void bothUpstreams503Once_backsOffAndRetriesThePrimary() {
    faultAll(2, "\"status\":503");
    generate().then().statusCode(200);
    assertThat(calls("primary")).isEqualTo(2);
    assertThat(calls("secondary")).isEqualTo(1);
  }

  @Test
  void everyAttemptFails_clientGetsGooglesAnswerAfterExactlyThreeAttempts() {
    faultAll(100, "\"status\":503,\"message\":\"The model is overloaded.\"");
    generate()
        .then()
        .statusCode(503)
        .body("error.status", equalTo("UNAVAILABLE"))
        .body("error.message", equalTo("The model is overloaded."));
    assertThat(calls("primary") + calls("secondary")).isEqualTo(3);
  }

  @Test
  void retryDelayLongerThanTheGatewayWaits_client429WithGooglesRetryInfo() {
    faultAll(100, "\"status\":429,\"retryDelay\":\"30s\"");
    generate()
        .then()
        .statusCode(429)
        .body("error.status", equalTo("RESOURCE_EXHAUSTED"))
        .body("error.details[0].retryDelay", equalTo("30s"));
    // Each upstream once (failover needs no wait); a third attempt would have to wait 30 s.
    assertThat(calls("primary")).isEqualTo(1);
    assertThat(calls("secondary")).isEqualTo(1);
  }

  @Test
  void permanent400_relayedAsItIs_neverRetried() {
    faultAll(1, "\"status\":400,\"message\":\"Invalid JSON payload received.\"");
    generate()
        .then()
        .statusCode(400)
        .body("error.status", equalTo("INVALID_ARGUMENT"))
        .body("error.message", equalTo("Invalid JSON payload received."));
    assertThat(calls("primary") + calls("secondary")).isEqualTo(1);
  }

  @Test
  void primaryTooSlowForTheFirstByteTimeout_secondaryServes() {
    fault("primary", 1, "\"latencyMs\":3000");
    generate().then().statusCode(200);
    assertThat(calls("primary")).isEqualTo(1);
    assertThat(calls("secondary")).isEqualTo(1);
  }

  @Test
  void primaryDropsTheConnection_secondaryServes() {
    fault("primary", 1, "\"drop\":true");
    generate().then().statusCode(200);
    assertThat(calls("primary")).isEqualTo(1);
    assertThat(calls("secondary")).isEqualTo(1);
  }

  @Test
  void bothUpstreamsDown_breakersOpen_then503WithRetryAfterAndNoUpstreamCall() {
    faultAll(1000, "\"status\":500");
    // Attempts: P S P, P S P (the primary's fourth failure opens it), S S (the secondary's too).
    for (int i = 0; i < 3; i++) {
      generate().then().statusCode(500);
    }
    long before = calls("primary") + calls("secondary");
    assertThat(calls("primary")).isEqualTo(4);
    assertThat(calls("secondary")).isEqualTo(4);
    generate()
        .then()
        .statusCode(503)
        .header("Retry-After", equalTo("60"))
        .body("error.status", equalTo("UNAVAILABLE"))
        .body("error.message", containsString("No upstream can take requests"));
    assertThat(calls("primary") + calls("secondary")).isEqualTo(before);
  }

  @Test
  void unknownModel_404ThatNamesTheModel_noUpstreamCall() {
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post("/v1beta/models/gemini-9-ultra:generateContent")
        .then()
        .statusCode(404)
        .body("error.status", equalTo("NOT_FOUND"))
        .body("error.message", containsString("gemini-9-ultra"));
    assertThat(emulator.counter("generateContent")).isZero();
  }

  @Test
  void googleRefusesAKey_checkConfirms_itLeavesRotation_theNextKeyServes_backOnceAccepted() {
    emulator.post("/emulator/api-keys/" + KEYS.get("rotating-1").uid() + "/disable", "{}");
    try {
      for (int i = 0; i < 3; i++) {
        given()
            .header("x-goog-api-key", CLIENT_KEY)
            .contentType(ContentType.JSON)
            .body(BODY)
            .post("/v1beta/models/gemini-2.0-flash:generateContent")
            .then()
            .statusCode(200);
      }
      // Held back at its first refusal: the other requests never carried it.
      assertThat(calls("rotating-1")).isEqualTo(1);
      assertThat(calls("rotating-2")).isEqualTo(3);
      // The gateway's own call to Google refused it too: out of rotation, and audited so.
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> metric("gateway_upstream_keys{upstream=\"rotating\"}") == 1.0);
      assertThat(keyStatus("rotating", "key-1")).isEqualTo("REFUSED_BY_GOOGLE");
      assertThat(
              metric(
                  "gateway_upstream_key_checks_total{outcome=\"rejected\",upstream=\"rotating\"}"))
          .isEqualTo(1.0);
    } finally {
      emulator.post("/emulator/api-keys/" + KEYS.get("rotating-1").uid() + "/enable", "{}");
    }
    // Re-enabled at Google: a later check finds it accepted, and it serves again.
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> metric("gateway_upstream_keys{upstream=\"rotating\"}") == 2.0);
    assertThat(keyStatus("rotating", "key-1")).isEqualTo("SERVING");
    // Delivered through the outbox: it reaches the audit store shortly after.
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                GatewayStandIn.audit.events().stream()
                    .anyMatch(
                        e ->
                            e.type() == AuthEventType.API_KEY_RESTORED
                                && e.subject().equals("rotating/key-1")));
  }

  @Test
  void aClientsModelNameMakesGoogleRefuseEveryKey_checksKeepThemAll_nextRequestServed() {
    // The emulator answers 400 API_KEY_INVALID for this model name whatever the key: the refusal
    // is about the request. Before the checks, this one request retired both upstreams' keys.
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post("/v1beta/models/badkey-made-up:generateContent")
        .then()
        .statusCode(503)
        .body("error.status", equalTo("UNAVAILABLE"));
    assertThat(calls("primary")).isEqualTo(1);
    assertThat(calls("secondary")).isEqualTo(1);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                metric("gateway_upstream_key_checks_total{outcome=\"kept\",upstream=\"primary\"}")
                        >= 1
                    && metric(
                            "gateway_upstream_key_checks_total{outcome=\"kept\",upstream=\"secondary\"}")
                        >= 1);
    assertThat(keyStatus("primary", "key-1")).isEqualTo("SERVING");
    assertThat(keyStatus("secondary", "key-1")).isEqualTo("SERVING");
    assertThat(metric("gateway_upstream_keys{upstream=\"primary\"}")).isEqualTo(1.0);
    assertThat(GatewayStandIn.audit.events())
        .noneMatch(
            e ->
                e.type() == AuthEventType.API_KEY_REJECTED
                    && (e.subject().startsWith("primary/")
                        || e.subject().startsWith("secondary/")));
    generate().then().statusCode(200);
  }

  /** A key's status as the admin API lists it. */
  private static String keyStatus(String upstream, String keyName) {
    return given()
        .header(io.geminiauth.gateway.admin.AdminAuth.KEY_HEADER, GatewayStandIn.ADMIN_KEY)
        .get("/admin/v1/upstreams")
        .then()
        .statusCode(200)
        .extract()
        .path(
            "find { it.name == '"
                + upstream
                + "' }.keys.find { it.name == '"
                + keyName
                + "' }.status");
  }

  private Response generate() {
    return given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(GENERATE);
  }

  private static void fault(String role, int times, String parts) {
    emulator.post(
        "/emulator/faults",
        "{\"route\":\"generateContent\",\"keyUid\":\""
            + KEYS.get(role).uid()
            + "\",\"times\":"
            + times
            + ","
            + parts
            + "}");
  }

  private static void faultAll(int times, String parts) {
    emulator.post(
        "/emulator/faults",
        "{\"route\":\"generateContent\",\"times\":" + times + "," + parts + "}");
  }

  private static long calls(String role) {
    return emulator.counter("generateContent@" + KEYS.get(role).uid());
  }

  static double metric(String series) {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    return metrics
        .lines()
        .filter(l -> l.startsWith(series.replace("}", ",")) || l.startsWith(series + " "))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + series));
  }
}
