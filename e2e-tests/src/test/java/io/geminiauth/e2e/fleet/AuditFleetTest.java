package io.geminiauth.e2e.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.testsupport.ServiceProcess;
import io.geminiauth.testsupport.TestPostgres;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A failed-auth burst spread over two audit-service replicas sharing one PostgreSQL: neither sees
 * enough alone, the fleet's count crosses the threshold, and exactly one alert is raised — one
 * record, one webhook call, one count in the replicas' metrics together.
 */
class AuditFleetTest {
  static final String PRODUCER = "fleet-audit-producer";
  static final String READER = "fleet-audit-reader";
  static final String ADMIN = "fleet-audit-admin";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final List<String> WEBHOOK = new CopyOnWriteArrayList<>();
  static TestPostgres postgres;
  static HttpServer webhook;
  static final List<ServiceProcess> replicas = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    postgres = TestPostgres.fresh("audit_fleet");
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext(
        "/alerts",
        exchange -> {
          WEBHOOK.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    webhook.start();
    for (int i = 1; i <= 2; i++) {
      replicas.add(
          ServiceProcess.start(
              "audit-service",
              "audit-service-replica-" + i,
              ServiceProcess.freePort(),
              List.of(
                  "quarkus.profile=prod,postgresql",
                  "quarkus.datasource.postgresql.jdbc.url=" + postgres.url(),
                  "audit.auth.producer-key-hashes=" + KeyHashes.sha256Hex(PRODUCER),
                  "audit.auth.reader-key-hashes=" + KeyHashes.sha256Hex(READER),
                  "audit.auth.admin-key-hashes=" + KeyHashes.sha256Hex(ADMIN),
                  "audit.alerts.principal-threshold=6",
                  "audit.alerts.webhook-url=http://127.0.0.1:"
                      + webhook.getAddress().getPort()
                      + "/alerts"),
              Map.of()));
    }
  }

  @AfterAll
  static void stop() {
    replicas.forEach(ServiceProcess::close);
    if (webhook != null) {
      webhook.stop(0);
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void burstSpreadOverTwoReplicas_raisesExactlyOneAlert() throws Exception {
    String principal = "mallory-" + UUID.randomUUID();
    for (int i = 0; i < 8; i++) {
      // Alternating: each replica stores four, under the threshold of six on its own.
      assertThat(ingest(1 + i % 2, principal).statusCode()).isEqualTo(201);
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> WEBHOOK.stream().anyMatch(body -> body.contains(principal)));
    for (int replica = 1; replica <= 2; replica++) {
      String alerts = get(replica, "/v1/alerts");
      assertThat(occurrences(alerts, "\"scope\":\"" + principal + "\""))
          .as("one record, seen from replica " + replica)
          .isEqualTo(1);
    }
    Thread.sleep(500); // a second webhook call, if any, would have come by now
    assertThat(WEBHOOK.stream().filter(body -> body.contains(principal)).count()).isEqualTo(1);
    assertThat(fired(1) + fired(2)).as("the fleet's metric counts it once").isEqualTo(1.0);
  }

  /** A legal hold set on one replica is in force on the other at once: it is a row. */
  @Test
  void legalHoldSetOnReplicaOne_isReplicaTwosToo_releasedThere() throws Exception {
    HttpResponse<String> set =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(replicas.get(0).baseUrl() + "/v1/legal-holds"))
                .header("x-audit-key", ADMIN)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"fleet hold\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(set.statusCode()).as(set.body()).isEqualTo(201);
    String id = set.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    assertThat(get(2, "/v1/legal-holds")).contains(id).contains("fleet hold");

    HttpResponse<String> released =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(replicas.get(1).baseUrl() + "/v1/legal-holds/" + id + ":release"))
                .header("x-audit-key", ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
    assertThat(get(1, "/v1/legal-holds")).contains("\"releasedAt\":\"");
  }

  private static HttpResponse<String> ingest(int replica, String principal) throws Exception {
    String event =
        """
        {"id":"%s","time":"%s","type":"ACCESS_DENIED","source":{"service":"gemini-gateway","instance":"pod-1"},
         "principal":"%s","subject":"models/gemini-2.5-flash","outcome":"DENIED"}
        """
            .formatted(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS), principal);
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(replicas.get(replica - 1).baseUrl() + "/v1/events"))
            .header("x-audit-key", PRODUCER)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String get(int replica, String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(replicas.get(replica - 1).baseUrl() + path))
                .header("x-audit-key", READER)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The replica's count of THRESHOLD alerts fired (its metric; 0 before any). */
  private static double fired(int replica) throws Exception {
    Matcher m =
        Pattern.compile("audit_alerts_fired_total\\{kind=\"THRESHOLD\"[^}]*\\} ([0-9.]+)")
            .matcher(
                HTTP.send(
                        HttpRequest.newBuilder(
                                URI.create(replicas.get(replica - 1).baseUrl() + "/q/metrics"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
