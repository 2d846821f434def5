package io.geminiauth.emulator.fault;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.geminiauth.emulator.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scripted faults act on exactly the requests they name, and counters see every attempt. */
@QuarkusTest
class FaultInjectionTest {
  private static final String HELLO = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}";

  @TestHTTPResource("/")
  URL base;

  @AfterEach
  void clear() {
    given().delete("/emulator/faults").then().statusCode(200);
    given().delete("/emulator/counters").then().statusCode(200);
  }

  private static String key() {
    return given()
        .contentType("application/json")
        .body("{\"type\":\"AUTH\"}")
        .post("/emulator/api-keys")
        .then()
        .extract()
        .path("keyString");
  }

  private static void fault(String json) {
    given()
        .contentType("application/json")
        .body(json)
        .post("/emulator/faults")
        .then()
        .statusCode(200);
  }

  @Test
  void faultScopedToOneKey_otherKeyServed_countersPerKey() {
    io.restassured.path.json.JsonPath limited = createdKey();
    io.restassured.path.json.JsonPath other = createdKey();
    String limitedUid = limited.getString("uid");
    fault(
        "{\"route\":\"generateContent\",\"keyUid\":\""
            + limitedUid
            + "\",\"times\":5,\"status\":429}");

    generate(other.getString("keyString")).then().statusCode(200);
    generate(limited.getString("keyString"))
        .then()
        .statusCode(429)
        .body("error.status", equalTo("RESOURCE_EXHAUSTED"));
    generate(other.getString("keyString")).then().statusCode(200);

    assertThat(counter("generateContent@" + limitedUid)).isEqualTo(1);
    assertThat(counter("generateContent@" + other.getString("uid"))).isEqualTo(2);
    assertThat(counter("generateContent")).isEqualTo(3);
  }

  private static long counter(String name) {
    Long value =
        given()
            .get("/emulator/counters")
            .then()
            .extract()
            .jsonPath()
            .getObject("'" + name + "'", Long.class);
    return value == null ? 0 : value;
  }

  private static io.restassured.path.json.JsonPath createdKey() {
    return given()
        .contentType("application/json")
        .body("{\"type\":\"AUTH\"}")
        .post("/emulator/api-keys")
        .then()
        .extract()
        .jsonPath();
  }

  private static io.restassured.response.Response generate(String key) {
    return given()
        .header("x-goog-api-key", key)
        .contentType("application/json")
        .body(HELLO)
        .post("/v1beta/models/gemini-2.5-flash:generateContent");
  }

  @Test
  void status429WithRetryInfo_forTheNextTwoCallsOfOneModel_thenServes() {
    String key = key();
    fault(
        "{\"route\":\"generateContent\",\"model\":\"gemini-2.5-pro\",\"times\":2,\"status\":429,\"retryDelay\":\"17s\"}");

    for (int i = 0; i < 2; i++) {
      given()
          .header("x-goog-api-key", key)
          .contentType("application/json")
          .body(HELLO)
          .post("/v1beta/models/gemini-2.5-pro:generateContent")
          .then()
          .statusCode(429)
          .body("error.status", equalTo("RESOURCE_EXHAUSTED"))
          .body("error.details[0].'@type'", equalTo("type.googleapis.com/google.rpc.RetryInfo"))
          .body("error.details[0].retryDelay", equalTo("17s"));
    }
    // Another model is untouched, and the third call of this one succeeds.
    given()
        .header("x-goog-api-key", key)
        .contentType("application/json")
        .body(HELLO)
        .post("/v1beta/models/gemini-2.5-flash:generateContent")
        .then()
        .statusCode(200);
    given()
        .header("x-goog-api-key", key)
        .contentType("application/json")
        .body(HELLO)
        .post("/v1beta/models/gemini-2.5-pro:generateContent")
        .then()
        .statusCode(200);

    given()
        .get("/emulator/counters")
        .then()
        .body("'generateContent:gemini-2.5-pro'", equalTo(3))
        .body("'generateContent:gemini-2.5-flash'", equalTo(1))
        .body("generateContent", equalTo(4));
  }

  @Test
  void tokenEndpoint_503ThenServes_countsBoth() {
    var keyFile = Fixtures.newAccount();
    fault("{\"route\":\"token\",\"status\":503,\"retryAfter\":2}");

    given()
        .formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
        .formParam("assertion", Fixtures.validAssertion(keyFile, Fixtures.GEMINI_SCOPE))
        .post("/token")
        .then()
        .statusCode(503)
        .header("Retry-After", "2");
    Fixtures.accessToken(keyFile, Fixtures.GEMINI_SCOPE);

    given().get("/emulator/counters").then().body("token", equalTo(2));
  }

  @Test
  void droppedConnection_clientSeesIoError() {
    fault("{\"route\":\"generateContent\",\"drop\":true}");
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "v1beta/models/gemini-2.5-flash:generateContent"))
            .header("x-goog-api-key", key())
            .POST(HttpRequest.BodyPublishers.ofString(HELLO))
            .build();

    assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void latency_delaysTheAnswer() {
    fault("{\"route\":\"models.get\",\"latencyMs\":400}");
    long start = System.nanoTime();
    given()
        .header("x-goog-api-key", key())
        .get("/v1beta/models/gemini-2.5-flash")
        .then()
        .statusCode(200);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(400);
  }

  @Test
  void streamBrokenAfterOneChunk_endsWithAnErrorEvent() {
    fault("{\"route\":\"streamGenerateContent\",\"status\":503,\"streamBreakAfter\":1}");

    String body =
        given()
            .header("x-goog-api-key", key())
            .contentType("application/json")
            .body(HELLO)
            .post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    String[] events = body.split("\r\n\r\n");
    assertThat(events).hasSize(2);
    assertThat(events[0]).startsWith("data: {\"candidates\"");
    assertThat(events[1])
        .startsWith("data: {\"error\":{\"code\":503,")
        .contains("\"status\":\"UNAVAILABLE\"");
  }

  @Test
  void streamStalled_clientTimesOut_andIsCountedAsCancelled() throws Exception {
    fault("{\"route\":\"streamGenerateContent\",\"streamStallAfter\":1}");
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(base + "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"))
            .header("x-goog-api-key", key())
            .timeout(Duration.ofMillis(500))
            .POST(HttpRequest.BodyPublishers.ofString(HELLO))
            .build();

    var response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    byte[] first = new byte[6];
    assertThat(response.body().readNBytes(first, 0, 6)).isEqualTo(6);
    assertThat(new String(first)).isEqualTo("data: ");
    response.body().close();

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                given()
                    .get("/emulator/counters")
                    .then()
                    .body("'streamGenerateContent.cancelled'", equalTo(1)));
  }

  @Test
  void badFaultRequests_areRefusedInGoogleShape() {
    given()
        .contentType("application/json")
        .body("{\"times\":2}")
        .post("/emulator/faults")
        .then()
        .statusCode(400)
        .body("error.status", equalTo("INVALID_ARGUMENT"));
    given()
        .contentType("application/json")
        .body("{\"route\":\"token\",\"retryDelay\":\"soon\"}")
        .post("/emulator/faults")
        .then()
        .statusCode(400)
        .body("error.message", equalTo("retryDelay must be a protobuf duration such as \"30s\"."));
  }
}
