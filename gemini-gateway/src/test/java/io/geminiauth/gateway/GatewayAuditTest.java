package io.geminiauth.gateway;

import static io.geminiauth.gateway.GatewayStandIn.CLIENT_KEY;
import static io.geminiauth.gateway.GatewayStandIn.KEYS;
import static io.geminiauth.gateway.GatewayStandIn.NARROW_KEY;
import static io.geminiauth.gateway.GatewayStandIn.audit;
import static io.geminiauth.gateway.GatewayStandIn.emulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.Outcome;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What the gateway tells the audit-service (through its outbox, to a strict sink): refused client
 * keys and models, refused Google keys; and that no key, client's or Google's, reaches the log, the
 * audit events, the metrics or an error body.
 */
@QuarkusTest
class GatewayAuditTest {
  @jakarta.inject.Inject io.geminiauth.gateway.audit.GatewayAudit gatewayAudit;
  static final String BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}";

  @Test
  void unknownClientKey_accessDeniedWithFingerprintNotKey() {
    String wrong = "gwk_unknown_" + System.nanoTime();
    given()
        .header("x-goog-api-key", wrong)
        .header("User-Agent", "audit-test/1.0")
        .contentType(ContentType.JSON)
        .body(BODY)
        .post("/v1beta/models/gemini-2.5-flash:generateContent")
        .then()
        .statusCode(400);
    AuthEvent event =
        awaitEvent(
            e ->
                e.type() == AuthEventType.ACCESS_DENIED
                    && "unknown client key".equals(e.reason())
                    && "audit-test/1.0".equals(e.userAgent()));
    assertThat(event.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(event.subject()).startsWith("key sha256:");
    assertThat(event.source().service()).isEqualTo("gemini-gateway");
    assertThat(event.callerIp()).isEqualTo("127.0.0.1");
    assertThat(audit.rawBodies()).doesNotContain(wrong);
  }

  @Test
  void modelNotAllowed_accessDeniedNamesClientAndModel() {
    given()
        .header("x-goog-api-key", NARROW_KEY)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post("/v1beta/models/gemini-2.5-flash-lite:generateContent")
        .then()
        .statusCode(403);
    AuthEvent event =
        awaitEvent(
            e ->
                e.type() == AuthEventType.ACCESS_DENIED
                    && "narrow".equals(e.principal())
                    && "model gemini-2.5-flash-lite".equals(e.subject()));
    assertThat(event.reason()).isEqualTo("model not allowed for this client");
  }

  @Test
  void secrets_afterCallsRefusalsAndARefusedGoogleKey_nowhereToBeSeen() throws Exception {
    String wrong = "gwk_wrong_" + CLIENT_KEY;
    List<String> errorBodies = new ArrayList<>();
    given()
        .contentType(ContentType.JSON)
        .body(BODY)
        .post("/v1beta/models/gemini-2.5-flash:generateContent?alt=json&key=" + CLIENT_KEY)
        .then()
        .statusCode(200);
    errorBodies.add(
        given()
            .contentType(ContentType.JSON)
            .body(BODY)
            .post("/v1beta/models/gemini-2.5-flash:generateContent?key=" + wrong)
            .asString());
    // A Google key refused on the way: the refusal is audited by the key's name, not its value.
    emulator.post("/emulator/api-keys/" + KEYS.get("audited-1").uid() + "/block", "{}");
    for (int i = 0; i < 2; i++) {
      errorBodies.add(
          given()
              .header("x-goog-api-key", CLIENT_KEY)
              .contentType(ContentType.JSON)
              .body("{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}")
              .post("/v1beta/models/text-embedding-004:embedContent")
              .then()
              .statusCode(200)
              .extract()
              .asString());
    }
    AuthEvent rejected =
        awaitEvent(
            e -> e.type() == AuthEventType.API_KEY_REJECTED && e.subject().equals("audited/key-1"));
    assertThat(rejected.outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(rejected.reason()).contains("403 API_KEY_SERVICE_BLOCKED");
    assertThat(rejected.attributes())
        .containsEntry("upstream", "audited")
        .containsEntry("keyName", "key-1")
        .containsEntry("keysLeft", "1");
    // The sink refuses what the audit-service refuses: no event of the gateway's was refused.
    assertThat(audit.rejected()).extracting(AuthEvent::type).isEmpty();

    // A bearer upstream's call: the token-service's access token is in a header upstream only.
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post("/v1beta/models/gemini-2.5-pro:generateContent")
        .then()
        .statusCode(200);
    String metrics = given().get("/q/metrics").asString();
    String log = Files.readString(Path.of("target", "gemini-gateway-test.log"));
    assertThat(log).as("the upstream calls are logged").contains("upstream audited: POST");
    List<String> secrets = new ArrayList<>(List.of(CLIENT_KEY, NARROW_KEY, wrong));
    KEYS.values().forEach(k -> secrets.add(k.value()));
    assertThat(log).as("the bearer upstream's call is logged").contains("upstream bearer: POST");
    for (String text : List.of(log, audit.rawBodies(), metrics, String.join("\n", errorBodies))) {
      assertThat(text).doesNotContainPattern("ya29\\.[A-Za-z0-9_-]{20,}");
    }
    for (String secret : secrets) {
      assertThat(log).as("log").doesNotContain(secret);
      assertThat(audit.rawBodies()).as("audit").doesNotContain(secret);
      assertThat(metrics).as("metrics").doesNotContain(secret);
      assertThat(errorBodies).as("errors").noneMatch(b -> b.contains(secret));
    }
  }

  /**
   * Every event the gateway can emit reaches the audit store: the sink holds each to the
   * audit-service's own rules (the strict event reader and {@code SecretFields}). The request-bound
   * ones come from real requests, the rest from {@link GatewayAudit} itself.
   */
  @Test
  void everyEventTheGatewayEmits_acceptedByTheAuditServicesRules() {
    String marker = "every-event-" + System.nanoTime();
    given()
        .header("x-goog-api-key", "gwk_" + marker)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post("/v1beta/models/gemini-2.5-flash:generateContent")
        .then()
        .statusCode(400);
    given()
        .header("Authorization", "Bearer not-a-jwt-" + marker)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post("/v1beta/models/gemini-2.5-flash:generateContent")
        .then()
        .statusCode(401);
    given()
        .header("x-goog-api-key", NARROW_KEY)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post("/v1beta/models/gemini-2.5-pro:generateContent")
        .then()
        .statusCode(403);
    gatewayAudit.upstreamKeyRejected(marker, "key-9", 400, "API_KEY_INVALID", 1);
    gatewayAudit.upstreamAuthFailed(
        marker, marker + "@p.iam.gserviceaccount.com", 401, "UNAUTHENTICATED");
    gatewayAudit.upstreamKeyStep("ops", marker, "key-9", "added");
    gatewayAudit.upstreamKeyRotated("ops", marker, "key-9");
    gatewayAudit.upstreamKeyRetired("ops", marker, "key-9");
    gatewayAudit.clientKeyIssued("ops", marker, "sdk-app", null);
    gatewayAudit.clientKeyRevoked("ops", marker);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                audit.events().stream()
                        .filter(
                            e ->
                                String.valueOf(e.subject()).contains(marker)
                                    || e.type() == AuthEventType.ACCESS_DENIED)
                        .map(AuthEvent::type)
                        .collect(java.util.stream.Collectors.toSet())
                        .size()
                    >= 8);
    assertThat(audit.rejected()).as("events the audit-service would refuse").isEmpty();
  }

  private static AuthEvent awaitEvent(Predicate<AuthEvent> wanted) {
    return audit.await(wanted, Duration.ofSeconds(10));
  }
}
