package io.geminiauth.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.testsupport.ServiceProcess;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert rules on a real Prometheus server (Debian's, on loopback) scraping a running
 * audit-service: a burst of denied auth makes the audit-service raise its alert, and Prometheus's
 * FailedAuthSpike fires from the scraped metric.
 */
class PrometheusServerTest {
  static final String PRODUCER = "prometheus-test-producer";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static ServiceProcess audit;
  static Process prometheus;
  static int prometheusPort;

  @BeforeAll
  static void start() throws Exception {
    Path run = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "prometheus");
    audit =
        ServiceProcess.start(
            "audit-service",
            "audit-service-prometheus",
            ServiceProcess.freePort(),
            List.of(
                "audit.auth.producer-key-hashes=" + KeyHashes.sha256Hex(PRODUCER),
                "audit.alerts.principal-threshold=5"),
            Map.of("AUDIT_H2_PATH", run.resolve("audit").toAbsolutePath().toString()));
    Path rules = Path.of("..", "deploy", "prometheus", "rules.yml").toAbsolutePath();
    Path config = run.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files: ['%s']
        scrape_configs:
          - job_name: audit-service
            metrics_path: /q/metrics
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
            .formatted(rules, audit.port()));
    prometheusPort = ServiceProcess.freePort();
    prometheus =
        new ProcessBuilder(
                "prometheus",
                "--config.file=" + config.toAbsolutePath(),
                "--storage.tsdb.path=" + run.resolve("tsdb").toAbsolutePath(),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
            .redirectErrorStream(true)
            .redirectOutput(new File("target/prometheus-for-tests.log"))
            .start();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> get("/-/ready").statusCode() == 200);
    // The counter is scraped at 0 before the burst (increase() needs the series beforehand).
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> query("audit_alerts_fired_total{kind=\"THRESHOLD\"}").contains("\"0\""));
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.destroy();
    }
    if (audit != null) {
      audit.close();
    }
  }

  @Test
  void deniedBurst_auditServiceAlerts_prometheusFiresFailedAuthSpike() throws Exception {
    String principal = "mallory-" + UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      String event =
          """
          {"id":"%s","time":"%s","type":"ACCESS_DENIED","source":{"service":"gemini-gateway","instance":"pod-1"},
           "principal":"%s","subject":"models/gemini-2.5-flash","outcome":"DENIED"}
          """
              .formatted(
                  UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS), principal);
      HttpResponse<String> stored =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(audit.baseUrl() + "/v1/events"))
                  .header("x-audit-key", PRODUCER)
                  .header("content-type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(event))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(stored.statusCode()).isEqualTo(201);
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              String alerts = get("/api/v1/alerts").body();
              return alerts.contains("\"alertname\":\"FailedAuthSpike\"")
                  && alerts.contains("\"state\":\"firing\"");
            });
    assertThat(get("/api/v1/alerts").body()).contains("\"kind\":\"THRESHOLD\"");
  }

  private static String query(String promql) throws Exception {
    return get("/api/v1/query?query=" + java.net.URLEncoder.encode(promql, "UTF-8")).body();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
