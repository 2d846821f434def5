package io.geminiauth.gateway;

import static io.geminiauth.gateway.GatewayStandIn.OIDC_SECRET;
import static io.geminiauth.gateway.GatewayStandIn.audit;
import static io.geminiauth.gateway.GatewayStandIn.emulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.geminiauth.common.event.AuthEventType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Service clients that send an OIDC bearer JWT from the configured issuer instead of a key: the
 * principal must be a configured client; the token never goes upstream.
 */
@QuarkusTest
class OidcClientsTest {
  static final String BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}";

  @Test
  void bearerOfAConfiguredClient_served_andNotForwarded() {
    String token = emulator.oidcToken("batch-service", OIDC_SECRET, "gemini-gateway");
    // The emulator reads a forwarded Authorization header before any key and would refuse this
    // JWT as a Google token: a 200 shows the gateway sent its own key instead.
    generate("Bearer " + token, "gemini-2.5-flash")
        .then()
        .statusCode(200)
        .body("candidates[0].content.role", equalTo("model"));
    // And the client's own limits apply: it may call only gemini-2.5-flash.
    generate("Bearer " + token, "gemini-2.5-flash-lite")
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"));
  }

  @Test
  void validBearerOfAPrincipalThatIsNoClient_403_audited() {
    String token = emulator.oidcToken("stranger", OIDC_SECRET, "gemini-gateway");
    generate("Bearer " + token, "gemini-2.5-flash")
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"))
        .body("error.message", containsString("stranger is not a client of this gateway"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                audit.events().stream()
                    .anyMatch(
                        e ->
                            e.type() == AuthEventType.ACCESS_DENIED
                                && e.reason().contains("stranger is not a client")));
  }

  @Test
  void bearerForAnotherAudienceOrGarbage_401InGooglesShape() {
    String forTokenService = emulator.oidcToken("batch-service", OIDC_SECRET, "token-service");
    for (String bearer : new String[] {forTokenService, "not-a-jwt"}) {
      generate("Bearer " + bearer, "gemini-2.5-flash")
          .then()
          .statusCode(401)
          .body("error.code", equalTo(401))
          .body("error.status", equalTo("UNAUTHENTICATED"));
    }
    assertThat(audit.rawBodies()).doesNotContain(forTokenService);
  }

  private static Response generate(String authorization, String model) {
    return given()
        .header("Authorization", authorization)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post("/v1beta/models/" + model + ":generateContent");
  }
}
