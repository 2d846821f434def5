package io.geminiauth.gateway;

import static io.geminiauth.gateway.GatewayStandIn.ADMIN_KEY;
import static io.geminiauth.gateway.GatewayStandIn.CLIENT_KEY;
import static io.geminiauth.gateway.GatewayStandIn.KEYS;
import static io.geminiauth.gateway.GatewayStandIn.audit;
import static io.geminiauth.gateway.GatewayStandIn.emulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.gateway.admin.AdminAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rotating an upstream's key through the admin API without downtime: add (verified by a test call,
 * a forged key refused and nothing changed), promote, retire; each step audited, the key's value
 * never shown, and the traffic moving from the old key to the new one.
 */
@QuarkusTest
class AdminApiTest {
  static final String LITE = "/v1beta/models/gemini-2.5-flash-lite:generateContent";
  static final String BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}";

  @Test
  void adminApi_withoutOrWithAWrongKey_401() {
    given().get("/admin/v1/upstreams").then().statusCode(401).body("error.code", equalTo(401));
    given()
        .header(AdminAuth.KEY_HEADER, "not-the-admin-key")
        .get("/admin/v1/upstreams")
        .then()
        .statusCode(401)
        .body("error.status", equalTo("UNAUTHENTICATED"));
  }

  @Test
  void rotation_addVerifyPromoteRetire_trafficMovesToTheNewKey_everyStepAudited() {
    // A rotation replaces a key by another of the same project.
    GatewayStandIn.EmulatorKey fresh = GatewayStandIn.createKey(GatewayStandIn.ROTATION_PROJECT);
    List<String> bodies = new ArrayList<>();
    bodies.add(admin().get("/admin/v1/upstreams").then().statusCode(200).extract().asString());
    assertThat(bodies.get(0)).contains("\"name\":\"rotation\"").contains("\"name\":\"key-1\"");

    // A key Google does not know: refused on the test call, nothing added.
    bodies.add(
        admin()
            .contentType(ContentType.JSON)
            .body("{\"key\":\"AQ.Ab8RN6forged0000000000000000000000000000000000000\"}")
            .post("/admin/v1/upstreams/rotation/keys")
            .then()
            .statusCode(400)
            .body("error.status", equalTo("FAILED_PRECONDITION"))
            .body("error.details[0].reason", equalTo("KEY_VERIFICATION_FAILED"))
            .extract()
            .asString());

    long probesBefore = emulator.counter("models.list@" + fresh.uid());
    bodies.add(
        admin()
            .contentType(ContentType.JSON)
            .body("{\"key\":\"" + fresh.value() + "\"}")
            .post("/admin/v1/upstreams/rotation/keys")
            .then()
            .statusCode(201)
            .body("serving", equalTo(false))
            .extract()
            .asString());
    String newKey = io.restassured.path.json.JsonPath.from(bodies.get(2)).getString("name");
    assertThat(emulator.counter("models.list@" + fresh.uid())).isEqualTo(probesBefore + 1);

    // Added, not promoted: the old key still serves alone.
    generate();
    assertThat(emulator.counter("generateContent@" + fresh.uid())).isZero();

    admin()
        .post("/admin/v1/upstreams/rotation/keys/" + newKey + ":promote")
        .then()
        .statusCode(200)
        .body("serving", equalTo(true));
    admin()
        .post("/admin/v1/upstreams/rotation/keys/key-1:retire")
        .then()
        .statusCode(200)
        .body("serving", equalTo(false));
    long oldCalls = emulator.counter("generateContent@" + KEYS.get("rotation-old").uid());
    for (int i = 0; i < 3; i++) {
      generate();
    }
    assertThat(emulator.counter("generateContent@" + fresh.uid())).isEqualTo(3);
    assertThat(emulator.counter("generateContent@" + KEYS.get("rotation-old").uid()))
        .isEqualTo(oldCalls);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                audit.events().stream()
                    .filter(e -> "ops".equals(e.principal()))
                    .map(e -> e.type())
                    .toList()
                    .containsAll(
                        List.of(
                            AuthEventType.KEY_ADDED,
                            AuthEventType.UPSTREAM_KEY_ROTATED,
                            AuthEventType.UPSTREAM_KEY_RETIRED)));
    bodies.add(admin().get("/admin/v1/upstreams").asString());
    for (String body : bodies) {
      assertThat(body)
          .doesNotContain(fresh.value())
          .doesNotContain(KEYS.get("rotation-old").value());
    }
    assertThat(audit.rawBodies()).doesNotContain(fresh.value());
  }

  private static io.restassured.specification.RequestSpecification admin() {
    return given().header(AdminAuth.KEY_HEADER, ADMIN_KEY);
  }

  private static void generate() {
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(LITE)
        .then()
        .statusCode(200);
  }
}
