package io.geminiauth.gateway;

import static io.geminiauth.gateway.GatewayStandIn.CLIENT_KEY;
import static io.geminiauth.gateway.GatewayStandIn.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.genai.Client;
import com.google.genai.errors.ServerException;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own limits on what an outage costs Google: the retry budget (a share of the
 * requests, here 20 % with no floor) and an upstream's bulkhead (here one call at a time and one
 * waiting), with the breakers out of the way so that every attempt reaches the emulator.
 */
@QuarkusTest
@TestProfile(GatewayRetryBudgetTest.TightBudget.class)
class GatewayRetryBudgetTest {
  static final String MODEL = "gemini-2.5-flash-lite";
  static final String BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}";

  public static class TightBudget implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> settings = new java.util.HashMap<>();
      // Its own database: the admin API's key and client changes of other profiles' tests stay
      // in theirs (an in-memory H2 outlives a Quarkus restart in the same JVM).
      settings.put(
          "quarkus.datasource.h2.jdbc.url",
          "jdbc:h2:mem:gateway-retry-budget;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
      settings.putAll(
          Map.of(
              "gateway.resilience.retry-budget-min-per-second",
              "0",
              "gateway.resilience.retry-budget-ratio",
              "0.2",
              "gateway.resilience.breaker-volume",
              "1000",
              "gateway.resilience.first-byte-timeout",
              "10s",
              // First for the model: one call at a time, one waiting (the least a bulkhead takes).
              "gateway.upstreams.narrow-pipe.base-url",
              "${gateway.upstreams.rotation.base-url}",
              "gateway.upstreams.narrow-pipe.api-keys",
              "${gateway.upstreams.rotation.api-keys}",
              "gateway.upstreams.narrow-pipe.models",
              MODEL,
              "gateway.upstreams.narrow-pipe.priority",
              "-10",
              "gateway.upstreams.narrow-pipe.max-concurrent",
              "1",
              "gateway.upstreams.narrow-pipe.queue-size",
              "1"));
      return settings;
    }
  }

  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @AfterEach
  void clearFaults() {
    GatewayStandIn.clearFaultsAndBreakers();
  }

  /**
   * Every upstream answers 503. Unbudgeted, each request would make its 3 attempts (30 calls for 10
   * requests); the budget allows 20 % of the requests as retries, then each request gets Google's
   * 503 after its one attempt.
   */
  @Test
  void outage_retriesCappedAtTheBudgetsShare() throws Exception {
    failEverything();
    long calls = calls();
    double exhausted = metricOrZero("gateway_retry_budget_exhausted_total");
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> answer = generate();
      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.body()).contains("UNAVAILABLE");
    }
    long made = calls() - calls;
    assertThat(made).as("10 requests and at most 20 % of them again").isBetween(10L, 12L);
    assertThat(GatewayResilienceTest.metric("gateway_retry_budget_exhausted_total") - exhausted)
        .isGreaterThanOrEqualTo(8.0);
  }

  /**
   * The Java SDK retries a 503 itself (five attempts here, short delays). Stacked on the gateway's
   * own three attempts that would be 15 calls to Google per user request; the budget keeps it near
   * the SDK's five.
   */
  @Test
  void sdkRetries_stackOnTheGateway_stillWithinTheBudget() {
    failEverything();
    Client sdk =
        Client.builder()
            .apiKey(CLIENT_KEY)
            .httpOptions(
                HttpOptions.builder()
                    .baseUrl("http://127.0.0.1:" + port)
                    .retryOptions(
                        HttpRetryOptions.builder()
                            .attempts(5)
                            .initialDelay(0.05)
                            .maxDelay(0.2)
                            .build())
                    .build())
            .build();
    long calls = calls();
    assertThatThrownBy(() -> sdk.models.generateContent(MODEL, "Hi", null))
        .isInstanceOf(ServerException.class);
    long made = calls() - calls;
    assertThat(made)
        .as("the SDK's 5 attempts, and at most a few gateway retries")
        .isBetween(5L, 8L);
  }

  /**
   * One call holds narrow-pipe's only slot (Google is slow to answer it) and the next waits for it;
   * a third meanwhile does not wait: the full bulkhead passes it to the next upstream, which serves
   * it while the slow call still runs.
   */
  @Test
  void bulkheadFull_nextCallGoesToTheNextUpstream() throws Exception {
    emulator.post(
        "/emulator/faults",
        "{\"route\":\"generateContent\",\"model\":\"" + MODEL + "\",\"latencyMs\":3000}");
    String series =
        "gateway_upstream_skipped_total{upstream=\"narrow-pipe\",why=\"bulkhead-full\"}";
    double skipped = metricOrZero(series);
    long calls = calls();
    HttpClient http = HttpClient.newHttpClient();
    CompletableFuture<HttpResponse<String>> slow =
        http.sendAsync(request(), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(() -> calls() == calls + 1);

    CompletableFuture<HttpResponse<String>> second =
        http.sendAsync(request(), HttpResponse.BodyHandlers.ofString());
    CompletableFuture<HttpResponse<String>> third =
        http.sendAsync(request(), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(() -> metricOrZero(series) == skipped + 1);
    assertThat(slow).as("the slow call still holds the slot").isNotDone();
    for (CompletableFuture<HttpResponse<String>> call : List.of(slow, second, third)) {
      assertThat(call.get().statusCode()).isEqualTo(200);
    }
    assertThat(metricOrZero(series))
        .as("one skip: the waiting call was served in turn")
        .isEqualTo(skipped + 1);
  }

  private static void failEverything() {
    emulator.post(
        "/emulator/faults",
        "{\"route\":\"generateContent\",\"model\":\""
            + MODEL
            + "\",\"status\":503,\"times\":1000}");
  }

  private static long calls() {
    return emulator.counter("generateContent:" + MODEL);
  }

  private static double metricOrZero(String series) {
    try {
      return GatewayResilienceTest.metric(series);
    } catch (AssertionError none) {
      return 0;
    }
  }

  private java.net.http.HttpRequest request() {
    return GatewayStandIn.post(
        port,
        "/v1beta/models/" + MODEL + ":generateContent",
        CLIENT_KEY,
        BODY,
        Duration.ofSeconds(20));
  }

  private HttpResponse<String> generate() throws Exception {
    return HttpClient.newHttpClient().send(request(), HttpResponse.BodyHandlers.ofString());
  }
}
