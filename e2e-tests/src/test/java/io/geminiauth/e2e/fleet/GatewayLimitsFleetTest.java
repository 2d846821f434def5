package io.geminiauth.e2e.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.geminiauth.testsupport.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client's limits hold across two gateway replicas that share Redis (gateway.limits.store=redis,
 * the machine's Redis on 127.0.0.1:6379): R requests a minute are R for the fleet, not 2R; its
 * concurrent requests and its daily tokens are counted for the fleet; the day's tokens survive a
 * restart. A replica whose Redis does not answer serves on its own (open, the default) or refuses
 * with 503 (closed), at once, never hanging. Client names are new each run, so that counts left in
 * Redis by an earlier run do not matter.
 */
class GatewayLimitsFleetTest {
  static GatewayFleet fleet;
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startFleet() throws Exception {
    fleet =
        new GatewayFleet(
            List.of(
                "gateway.limits.store=redis", "gateway.limits.redis-url=redis://127.0.0.1:6379"));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void requestsPerMinute_areTheFleets_notEachReplicas() throws Exception {
    String key = client("rpm", "\"requestsPerMinute\":20");
    int served = 0;
    int limited = 0;
    for (int i = 0; i < 50; i++) {
      HttpResponse<String> answer = fleet.generate(1 + i % 2, key);
      if (answer.statusCode() == 200) {
        served++;
      } else {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
        assertThat(answer.body()).contains("RESOURCE_EXHAUSTED");
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        limited++;
      }
    }
    assertThat(served).as("20 a minute for the fleet of two").isEqualTo(20);
    assertThat(limited).isEqualTo(30);
  }

  @Test
  void concurrentRequests_onOneReplica_countOnTheOther() throws Exception {
    String key = client("conc", "\"maxConcurrent\":2");
    fleet.emulator.post(
        "/emulator/faults",
        "{\"route\":\"generateContent\",\"keyUid\":\""
            + fleet.configuredKey.uid()
            + "\",\"times\":2,\"latencyMs\":3000}");
    long arrived = fleet.emulator.counter("generateContent");
    List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      slow.add(CompletableFuture.supplyAsync(() -> generate(1, key)));
    }
    // Both reached Google (and took the two slow answers); within a share interval (200 ms)
    // replica 2 knows they are in flight.
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> fleet.emulator.counter("generateContent") >= arrived + 2);
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              int status = fleet.generate(2, key).statusCode();
              System.out.println("replica 2 while two are in flight on replica 1: " + status);
              return status == 429;
            });
    for (CompletableFuture<HttpResponse<String>> call : slow) {
      assertThat(call.join().statusCode()).isEqualTo(200);
    }
    await().atMost(Duration.ofSeconds(2)).until(() -> fleet.generate(2, key).statusCode() == 200);
  }

  @Test
  void dailyTokens_usedOnOneReplica_countOnTheOther_andSurviveARestart() throws Exception {
    String key = client("budget", "\"dailyTokenBudget\":1");
    assertThat(fleet.generate(1, key).statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> fleet.generate(2, key).statusCode() == 429);
    assertThat(fleet.generate(2, key).body()).contains("daily budget");

    fleet.replica(2).restart();
    HttpResponse<String> afterRestart = fleet.generate(2, key);
    assertThat(afterRestart.statusCode()).as("the day's tokens are in Redis").isEqualTo(429);
  }

  /** Redis that does not answer: open serves (counting alone), closed refuses at once. */
  @Test
  void redisDown_openServesOnItsOwn_closedRefusesAtOnce() throws Exception {
    String dead = "redis://127.0.0.1:" + ServiceProcess.freePort();
    try (ServiceProcess open = alone("open", dead);
        ServiceProcess closed = alone("closed", dead)) {
      String openKey = client(open, "open", "");
      HttpResponse<String> served = post(open, openKey);
      assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
      assertThat(get(open, "/q/metrics")).contains("gateway_shared_limits_degraded 1.0");

      String closedKey = client(closed, "closed", "");
      long started = System.nanoTime();
      HttpResponse<String> refused = post(closed, closedKey);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).contains("\"status\":\"UNAVAILABLE\"");
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      System.out.printf("closed refused in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }
  }

  private static ServiceProcess alone(String mode, String redis) {
    java.nio.file.Path run = java.nio.file.Path.of("target", "gateway-redis-" + mode + "-" + RUN);
    return ServiceProcess.start(
        "gemini-gateway",
        "gemini-gateway-redis-" + mode,
        ServiceProcess.freePort(),
        List.of(
            "gateway.admin.key-hashes.ops="
                + io.geminiauth.common.redact.KeyHashes.sha256Hex(GatewayFleet.ADMIN_KEY),
            "gateway.upstreams.google.base-url=" + fleet.emulator.baseUrl(),
            "gateway.upstreams.google.api-keys=" + fleet.configuredKey.value(),
            "gateway.h2-path=" + run.resolve("gateway").toAbsolutePath(),
            "gateway.audit.outbox-directory=" + run.resolve("outbox").toAbsolutePath(),
            "gateway.limits.store=redis",
            "gateway.limits.redis-url=" + redis,
            "gateway.limits.redis-down=" + mode),
        Map.of());
  }

  /** A new client on the fleet with {@code settings} and a key issued for it. */
  private static String client(String name, String settings) throws Exception {
    String client = name + "-" + RUN;
    HttpResponse<String> created =
        fleet.admin(
            1,
            "POST",
            "/admin/v1/clients",
            "{\"name\":\""
                + client
                + "\",\"models\":[\"*\"]"
                + (settings.isEmpty() ? "" : "," + settings)
                + "}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> issued =
        fleet.admin(1, "POST", "/admin/v1/client-keys", "{\"client\":\"" + client + "\"}");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    String key = GatewayFleet.field(issued.body(), "key");
    String id = GatewayFleet.field(issued.body(), "id");
    // Replica 2 knows the client and its key once the change feed has told it (asked without a
    // request, which would count).
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> fleet.admin(2, "GET", "/admin/v1/client-keys", null).body().contains(id));
    return key;
  }

  private static String client(ServiceProcess gateway, String name, String settings)
      throws Exception {
    String client = name + "-" + RUN;
    assertThat(
            send(
                    gateway,
                    "POST",
                    "/admin/v1/clients",
                    "{\"name\":\"" + client + "\",\"models\":[\"*\"]}")
                .statusCode())
        .isEqualTo(201);
    return GatewayFleet.field(
        send(gateway, "POST", "/admin/v1/client-keys", "{\"client\":\"" + client + "\"}").body(),
        "key");
  }

  private static HttpResponse<String> generate(int replica, String key) {
    try {
      return fleet.generate(replica, key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> post(ServiceProcess gateway, String key) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create(gateway.baseUrl() + "/v1beta/models/gemini-2.5-flash:generateContent"))
            .header("x-goog-api-key", key)
            .header("content-type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(GatewayFleet.BODY))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String get(ServiceProcess gateway, String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static HttpResponse<String> send(
      ServiceProcess gateway, String method, String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
            .header("x-gateway-admin-key", GatewayFleet.ADMIN_KEY)
            .header("content-type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
