package io.geminiauth.gateway;

import static io.geminiauth.gateway.GatewayStandIn.BUDGET_KEY;
import static io.geminiauth.gateway.GatewayStandIn.NARROW_KEY;
import static io.geminiauth.gateway.GatewayStandIn.SINGLE_KEY;
import static io.geminiauth.gateway.GatewayStandIn.STREAMER_KEY;
import static io.geminiauth.gateway.GatewayStandIn.emulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-client models, requests per minute and concurrent requests, refused as Google refuses. */
@QuarkusTest
class ClientLimitsTest {
  static final String BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}";

  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @AfterEach
  void clearFaults() {
    emulator.delete("/emulator/faults");
  }

  @Test
  void modelNotAllowed_sdkGetsPermanent403_noUpstreamCall() {
    long before = emulator.counter("generateContent:gemini-2.5-pro");
    Client sdk = GatewayStandIn.sdk(port, NARROW_KEY);
    assertThatThrownBy(() -> sdk.models.generateContent("gemini-2.5-pro", "Hi", null))
        .isInstanceOfSatisfying(
            ClientException.class,
            e -> {
              assertThat(e.code()).isEqualTo(403);
              assertThat(e.status()).isEqualTo("PERMISSION_DENIED");
              assertThat(e.message()).contains("may not call model gemini-2.5-pro");
            });
    assertThat(emulator.counter("generateContent:gemini-2.5-pro")).isEqualTo(before);
  }

  @Test
  void overRequestsPerMinute_429WithRetryInfoAndRetryAfter() {
    for (int i = 0; i < 3; i++) {
      generate(NARROW_KEY, "gemini-2.5-flash").then().statusCode(200);
    }
    generate(NARROW_KEY, "gemini-2.5-flash")
        .then()
        .statusCode(429)
        .header("Retry-After", matchesPattern("[1-9][0-9]*"))
        .body("error.status", equalTo("RESOURCE_EXHAUSTED"))
        .body("error.message", containsString("3 requests per minute"))
        .body("error.details[0].'@type'", equalTo("type.googleapis.com/google.rpc.RetryInfo"));
  }

  @Test
  void overConcurrentRequests_429_slotFreedWhenTheStreamEnds() throws Exception {
    emulator.post(
        "/emulator/faults", "{\"route\":\"streamGenerateContent\",\"streamStallAfter\":1}");
    HttpResponse<InputStream> held = stream(SINGLE_KEY);
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(held.body(), StandardCharsets.UTF_8));
    assertThat(reader.readLine()).startsWith("data: {");

    generate(SINGLE_KEY, "gemini-2.5-flash")
        .then()
        .statusCode(429)
        .body("error.status", equalTo("RESOURCE_EXHAUSTED"))
        .body("error.message", containsString("concurrent"));
    assertThat(
            GatewayResilienceTest.metric(
                "gateway_limit_refusals_total{client=\"single\",limit=\"concurrency\"}"))
        .isEqualTo(1.0);

    reader.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> generate(SINGLE_KEY, "gemini-2.5-flash").statusCode() == 200);
  }

  @Test
  void dailyTokenBudget_countedFromUsageMetadata_thenRefusedUntilMidnight() {
    long used = 0;
    int served = 0;
    while (used < 40) {
      Response response = generate(BUDGET_KEY, "gemini-2.5-flash");
      response.then().statusCode(200);
      used += response.jsonPath().getLong("usageMetadata.totalTokenCount");
      served++;
      assertThat(served).as("the budget must end").isLessThan(40);
    }
    generate(BUDGET_KEY, "gemini-2.5-flash")
        .then()
        .statusCode(429)
        .header("Retry-After", matchesPattern("[1-9][0-9]*"))
        .body("error.status", equalTo("RESOURCE_EXHAUSTED"))
        .body("error.message", containsString("daily budget of 40 tokens"));
    assertThat(
            GatewayResilienceTest.metric(
                "gateway_limit_refusals_total{client=\"budgeted\",limit=\"daily-budget\"}"))
        .isEqualTo(1.0);
    assertThat(
            GatewayResilienceTest.metric(
                "gateway_tokens_total{client=\"budgeted\",kind=\"total\",model=\"gemini-2.5-flash\"}"))
        .isEqualTo((double) used);
  }

  @Test
  void cancelledStream_tokensSeenSoFarAreCounted() throws Exception {
    emulator.post(
        "/emulator/faults", "{\"route\":\"streamGenerateContent\",\"streamStallAfter\":1}");
    HttpResponse<InputStream> stream = stream(STREAMER_KEY);
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    String first = reader.readLine();
    long seen =
        io.restassured.path.json.JsonPath.from(first.substring("data: ".length()))
            .getLong("usageMetadata.totalTokenCount");
    reader.close();
    String series =
        "gateway_tokens_total{client=\"streamer\",kind=\"total\",model=\"gemini-2.5-flash\"}";
    await().atMost(Duration.ofSeconds(10)).until(() -> metricOrZero(series) == seen);
  }

  /** A stream request of {@code key}'s client, its answer to be read as it comes. */
  private HttpResponse<InputStream> stream(String key) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            GatewayStandIn.post(
                port,
                "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
                key,
                BODY,
                Duration.ofSeconds(20)),
            HttpResponse.BodyHandlers.ofInputStream());
  }

  private static double metricOrZero(String series) {
    try {
      return GatewayResilienceTest.metric(series);
    } catch (AssertionError e) {
      return 0;
    }
  }

  private static Response generate(String key, String model) {
    return given()
        .header("x-goog-api-key", key)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post("/v1beta/models/" + model + ":generateContent");
  }
}
