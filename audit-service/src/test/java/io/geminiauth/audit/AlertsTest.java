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
    given()
        .header("x-audit-key", AuditServiceContract.PRODUCER_KEY)
        .contentType(ContentType.JSON)
        .body("[" + String.join(",", items) + "]")
        .post("/v1/events")
        .then()
        .body("stored", equalTo(5));

    JsonPath alerts =
        JsonPath.from(
            given()
                .header("x-audit-key", AuditServiceContract.READER_KEY)
                .get("/v1/alerts")
                .then()
                .statusCode(200)
                .extract()
                .asString());
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
}
