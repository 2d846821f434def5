package io.geminiauth.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A burst of denied auth for one principal raises an alert: record, metric and webhook. */
@QuarkusTest
@QuarkusTestResource(WebhookReceiver.class)
class AlertsTest {

  @Test
  void deniedBurst_raisesThresholdAlert_recordMetricAndWebhookRetriedUntilAccepted() {
    WebhookReceiver.FAILURES_LEFT.set(2);
    WebhookReceiver.RECEIVED.clear();
    String principal = "mallory-" + UUID.randomUUID();
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      items.add(
          AuditServiceContract.event(
              UUID.randomUUID(),
              principal,
              "DENIED",
              Instant.now().truncatedTo(ChronoUnit.MILLIS)));
    }
    ingest("[" + String.join(",", items) + "]", 5);

    JsonPath alerts = alerts();
    String id = alerts.getString("alerts.find { it.scope == '" + principal + "' }.id");
    assertThat(id).isNotNull();
    assertThat(alerts.getString("alerts.find { it.scope == '" + principal + "' }.kind"))
        .isEqualTo("THRESHOLD");
    assertThat(alerts.getInt("alerts.find { it.scope == '" + principal + "' }.count")).isEqualTo(5);

    // Refused twice, then accepted: three POSTs of the same alert.
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> WebhookReceiver.RECEIVED.stream().filter(b -> b.contains(id)).count() == 3);
    assertThat(WebhookReceiver.RECEIVED.get(0))
        .contains("\"kind\":\"THRESHOLD\"")
        .contains(principal);

    String metrics = given().get("/q/metrics").then().extract().asString();
    assertThat(metrics)
        .containsPattern("audit_alerts_fired_total\\{kind=\"THRESHOLD\"[^}]*\\} [1-9]");
  }

  @Test
  void lastUpstreamKeyRejected_raisesNoKeyLeftAtOnce_oneKeyLeftRaisesNothing() {
    WebhookReceiver.FAILURES_LEFT.set(0);
    String upstream = "up-" + UUID.randomUUID();
    String body =
        "[" + keyRejected(upstream, "key-1", 1) + "," + keyRejected(upstream, "key-2", 0) + "]";
    ingest(body, 2);

    JsonPath alerts = alerts();
    List<String> scopes = alerts.getList("alerts.findAll { it.kind == 'NO_KEY_LEFT' }.scope");
    assertThat(scopes).contains(upstream + "/key-2").doesNotContain(upstream + "/key-1");
    assertThat(alerts.getString("alerts.find { it.scope == '" + upstream + "/key-2' }.message"))
        .contains("Upstream " + upstream + " lost its last Google API key");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                WebhookReceiver.RECEIVED.stream()
                    .anyMatch(b -> b.contains("NO_KEY_LEFT") && b.contains(upstream)));
  }

  private static void ingest(String batch, int stored) {
    given()
        .header("x-audit-key", AuditServiceContract.PRODUCER_KEY)
        .contentType(ContentType.JSON)
        .body(batch)
        .post("/v1/events")
        .then()
        .body("stored", equalTo(stored));
  }

  private static JsonPath alerts() {
    return JsonPath.from(
        given()
            .header("x-audit-key", AuditServiceContract.READER_KEY)
            .get("/v1/alerts")
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }

  /** What the gateway sends when Google refused an upstream key on its own check too. */
  private static String keyRejected(String upstream, String keyName, int keysLeft) {
    return """
        {"id":"%s","time":"%s","type":"API_KEY_REJECTED",
         "source":{"service":"gemini-gateway","instance":"gw-1"},
         "principal":"gemini-gateway","subject":"%s/%s","outcome":"FAILURE",
         "reason":"Google answered 400 API_KEY_INVALID and refused the gateway's own check",
         "attributes":{"upstream":"%s","keyName":"%s","status":"400","keysLeft":"%d"}}
        """
        .formatted(
            UUID.randomUUID(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            upstream,
            keyName,
            upstream,
            keyName,
            keysLeft);
  }
}
