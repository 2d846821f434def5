package io.geminiauth.token.admin;

import static io.geminiauth.token.GoogleStandIn.BATCH_KEY;
import static io.geminiauth.token.GoogleStandIn.CLOUD;
import static io.geminiauth.token.GoogleStandIn.OIDC_SECRET;
import static io.geminiauth.token.GoogleStandIn.account;
import static io.geminiauth.token.GoogleStandIn.emulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.testsupport.MovableClockProducer;
import io.geminiauth.token.GoogleStandIn;
import io.geminiauth.token.rest.CallerAuthenticator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(GoogleStandIn.class)
class AdminApiTest {

  @Inject KeyAgeMonitor keyAges;

  static RequestSpecification admin() {
    return given()
        .header(
            "Authorization",
            "Bearer " + emulator.oidcToken("ops-console", OIDC_SECRET, "token-service"));
  }

  static Response token(String account) {
    return admin()
        .contentType(ContentType.JSON)
        .body("{\"serviceAccount\":\"" + account + "\",\"scopes\":[\"" + CLOUD + "\"]}")
        .post("/v1/tokens");
  }

  static String keyId(String keyFile) {
    return keyFile.replaceAll("(?s).*\"private_key_id\"\\s*:\\s*\"([0-9a-f]+)\".*", "$1");
  }

  @Test
  void list_adminSeesKindKeyAndHealth_neverKeyMaterial() {
    Response list = admin().get("/v1/admin/credentials");
    list.then().statusCode(200);
    assertThat(list.<List<String>>path("account"))
        .contains(account("batch-jobs"), account("vertex-user"));
    assertThat(list.<String>path("find { it.account == '" + account("batch-jobs") + "' }.kind"))
        .isEqualTo("service_account_key");
    assertThat(list.<String>path("find { it.account == '" + account("batch-jobs") + "' }.keyId"))
        .matches("[0-9a-f]+");
    assertThat(list.asString()).doesNotContain("PRIVATE KEY").doesNotContain("private_key\"");
  }

  @Test
  void adminApi_callerWithoutAdminRole_permissionDenied() {
    given()
        .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
        .get("/v1/admin/credentials")
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"));
    given()
        .header(
            "Authorization",
            "Bearer " + emulator.oidcToken("gemini-gateway", OIDC_SECRET, "token-service"))
        .post("/v1/admin/credentials/" + account("batch-jobs") + ":disable")
        .then()
        .statusCode(403);
  }

  @Test
  void rotate_badKeyKeepsOldThenGoodKeySwapsAtomically() {
    String email = account("rotate-me");
    String first = GoogleStandIn.createAccount("rotate-me");
    admin()
        .contentType(ContentType.JSON)
        .body(first)
        .post("/v1/admin/credentials")
        .then()
        .statusCode(201)
        .body("keyId", equalTo(keyId(first)));
    admin()
        .contentType(ContentType.JSON)
        .body(first)
        .post("/v1/admin/credentials")
        .then()
        .statusCode(409)
        .body("error.status", equalTo("ALREADY_EXISTS"));
    token(email).then().statusCode(200);

    // A key file naming this account but holding another account's private key: Google refuses it.
    // Made 120 days ago, as IAM says: its age is Google's, not the upload's.
    String second =
        emulator.post(
            "/emulator/service-accounts/"
                + email
                + "/keys?validAfter="
                + MovableClockProducer.CLOCK.instant().minus(Duration.ofDays(120)),
            "");
    String foreign = GoogleStandIn.createAccount("foreign-key");
    String forged =
        second.replaceAll(
            "\"private_key\"\\s*:\\s*\"[^\"]+\"",
            foreign
                .replaceAll("(?s).*(\"private_key\"\\s*:\\s*\"[^\"]+\").*", "$1")
                .replace("\\", "\\\\"));
    admin()
        .contentType(ContentType.JSON)
        .body(forged)
        .post("/v1/admin/credentials/" + email + ":rotate")
        .then()
        .statusCode(400)
        .body("error.status", equalTo("FAILED_PRECONDITION"))
        .body("error.details[0].reason", equalTo("KEY_VERIFICATION_FAILED"));
    admin().get("/v1/admin/credentials/" + email).then().body("keyId", equalTo(keyId(first)));

    admin()
        .contentType(ContentType.JSON)
        .body(second)
        .post("/v1/admin/credentials/" + email + ":rotate")
        .then()
        .statusCode(200)
        .body("keyId", equalTo(keyId(second)))
        .body("keyAgeDays", equalTo(120));
    // The old key retired at Google too: minting now needs the new key.
    emulator.delete("/emulator/service-accounts/" + email + "/keys/" + keyId(first));
    admin().post("/v1/admin/credentials/" + email + ":flush").then().statusCode(200);
    token(email).then().statusCode(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !events(AuthEventType.KEY_ROTATED, email).isEmpty());
    assertThat(events(AuthEventType.KEY_ROTATED, email).get(0).attributes())
        .containsEntry("oldKeyId", keyId(first))
        .containsEntry("newKeyId", keyId(second));
    assertThat(GoogleStandIn.audit.rawBodies()).doesNotContain("PRIVATE KEY");
  }

  @Test
  void disableEnableRevokeFlush_cachedTokensDroppedAtOnce() {
    String email = account("revoke-me");
    admin()
        .contentType(ContentType.JSON)
        .body(GoogleStandIn.createAccount("revoke-me"))
        .post("/v1/admin/credentials")
        .then()
        .statusCode(201);
    String before = token(email).then().statusCode(200).extract().path("access_token");
    admin()
        .post("/v1/admin/credentials/" + email + ":flush")
        .then()
        .statusCode(200)
        .body("droppedTokens", equalTo(1));
    String after = token(email).then().statusCode(200).extract().path("access_token");
    assertThat(after).isNotEqualTo(before);

    admin()
        .post("/v1/admin/credentials/" + email + ":disable")
        .then()
        .statusCode(200)
        .body("health", equalTo("DISABLED"));
    token(email).then().statusCode(403).body("error.status", equalTo("PERMISSION_DENIED"));
    admin()
        .post("/v1/admin/credentials/" + email + ":enable")
        .then()
        .statusCode(200)
        .body("health", equalTo("HEALTHY"));
    String again = token(email).then().statusCode(200).extract().path("access_token");
    assertThat(again).isNotEqualTo(after);

    admin().delete("/v1/admin/credentials/" + email).then().statusCode(204);
    token(email).then().statusCode(404);
    admin()
        .delete("/v1/admin/credentials/" + email)
        .then()
        .statusCode(404)
        .body("error.status", equalTo("NOT_FOUND"));
  }

  @Test
  void keyAge_pastWarningAge_metricAndOneAuditEventPerKey() {
    try {
      MovableClockProducer.CLOCK.advance(Duration.ofDays(91));
      keyAges.check();
      keyAges.check();
      given()
          .get("/q/metrics")
          .then()
          .statusCode(200)
          .body(org.hamcrest.Matchers.matchesPattern("(?s).*token_keys_over_age [1-9].*"));
    } finally {
      MovableClockProducer.CLOCK.reset();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !events(AuthEventType.KEY_AGE_WARNING, account("batch-jobs")).isEmpty());
    assertThat(events(AuthEventType.KEY_AGE_WARNING, account("batch-jobs"))).hasSize(1);
  }

  private static List<AuthEvent> events(AuthEventType type, String subject) {
    return GoogleStandIn.audit.events().stream()
        .filter(e -> e.type() == type && subject.equals(e.subject()))
        .toList();
  }
}
