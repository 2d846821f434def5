package io.geminiauth.token;

import static io.geminiauth.token.GoogleStandIn.CLOUD;
import static io.geminiauth.token.GoogleStandIn.GEMINI;
import static io.geminiauth.token.GoogleStandIn.OIDC_SECRET;
import static io.geminiauth.token.GoogleStandIn.account;
import static io.geminiauth.token.GoogleStandIn.emulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** Keyless credentials: impersonation through IAM, and workload identity federation at STS. */
@QuarkusTest
@QuarkusTestResource(GoogleStandIn.class)
class FederationTest {

  static Response token(String account, String scope) {
    return given()
        .header(
            "Authorization",
            "Bearer " + emulator.oidcToken("ops-console", OIDC_SECRET, "token-service"))
        .contentType(ContentType.JSON)
        .body("{\"serviceAccount\":\"" + account + "\",\"scopes\":[\"" + scope + "\"]}")
        .post("/v1/tokens");
  }

  @Test
  void impersonated_throughDelegateChain_iamMintsForTarget() {
    long iam = emulator.counter("iam.generateAccessToken");
    String token =
        token(account("imp-target"), GEMINI).then().statusCode(200).extract().path("access_token");
    assertThat(emulator.get("/tokeninfo?access_token=" + token))
        .contains(account("imp-target"))
        .contains(GEMINI);
    assertThat(emulator.counter("iam.generateAccessToken") - iam).isEqualTo(1);
    // Cached like any other token.
    token(account("imp-target"), GEMINI)
        .then()
        .statusCode(200)
        .body("access_token", equalTo(token));
    assertThat(emulator.counter("iam.generateAccessToken") - iam).isEqualTo(1);
  }

  @Test
  void impersonated_tokenCreatorRevoked_403WithTheNextStep() {
    try {
      revokeGrant(account("imp-target"), account("imp-hop"));
      token(account("imp-target"), CLOUD)
          .then()
          .statusCode(403)
          .body("error.status", equalTo("PERMISSION_DENIED"))
          .body("error.message", containsString("Token Creator"))
          .body("error.message", org.hamcrest.Matchers.not(containsString("http")));
    } finally {
      GoogleStandIn.grantTokenCreator(account("imp-target"), account("imp-hop"));
    }
  }

  @Test
  void federated_subjectTokenExchangedAtStsThenImpersonates() {
    long sts = emulator.counter("sts.token");
    long iam = emulator.counter("iam.generateAccessToken");
    String token =
        token(account("wif-target"), GEMINI).then().statusCode(200).extract().path("access_token");
    assertThat(emulator.get("/tokeninfo?access_token=" + token)).contains(account("wif-target"));
    assertThat(emulator.counter("sts.token") - sts).isEqualTo(1);
    assertThat(emulator.counter("iam.generateAccessToken") - iam).isEqualTo(1);
  }

  @Test
  void federated_withoutImpersonation_stsTokenHandedOut() {
    long sts = emulator.counter("sts.token");
    token(GoogleStandIn.FEDERATED_DIRECT, CLOUD).then().statusCode(200);
    assertThat(emulator.counter("sts.token") - sts).isEqualTo(1);
  }

  private static void revokeGrant(String target, String member) {
    emulator.delete(
        "/emulator/iam/token-creators",
        "{\"target\":\"" + target + "\",\"member\":\"" + member + "\"}");
  }
}
