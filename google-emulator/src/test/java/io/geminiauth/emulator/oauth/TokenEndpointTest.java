package io.geminiauth.emulator.oauth;

import static io.geminiauth.emulator.Fixtures.AUDIENCE;
import static io.geminiauth.emulator.Fixtures.GEMINI_SCOPE;
import static io.geminiauth.emulator.Fixtures.assertion;
import static io.geminiauth.emulator.Fixtures.newAccount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.geminiauth.emulator.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TokenEndpointTest {
  private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  @Test
  void googleAuthLibrary_serviceAccountKeyFile_getsAndRefreshesToken() throws IOException {
    String keyFile = newAccount().prettify();
    GoogleCredentials credentials =
        ServiceAccountCredentials.fromStream(
                new ByteArrayInputStream(keyFile.getBytes(StandardCharsets.UTF_8)))
            .createScoped(List.of(GEMINI_SCOPE));

    credentials.refresh();
    AccessToken first = credentials.getAccessToken();
    credentials.refresh();
    AccessToken second = credentials.getAccessToken();

    assertThat(first.getTokenValue()).startsWith("ya29.");
    assertThat(second.getTokenValue()).isNotEqualTo(first.getTokenValue());
    assertThat(first.getExpirationTime().toInstant())
        .isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3600));
    given()
        .queryParam("access_token", second.getTokenValue())
        .get("/tokeninfo")
        .then()
        .statusCode(200)
        .body("scope", equalTo(GEMINI_SCOPE))
        .body("email", equalTo(JsonPath.from(keyFile).getString("client_email")));
  }

  @Test
  void googleAuthLibrary_disabledKey_failsWithGooglesError() throws IOException {
    JsonPath keyFile = newAccount();
    given()
        .post(
            "/emulator/service-accounts/{email}/keys/{kid}/disable",
            keyFile.getString("client_email"),
            keyFile.getString("private_key_id"))
        .then()
        .statusCode(200);
    GoogleCredentials credentials =
        ServiceAccountCredentials.fromStream(
                new ByteArrayInputStream(keyFile.prettify().getBytes(StandardCharsets.UTF_8)))
            .createScoped(List.of(GEMINI_SCOPE));

    assertThatThrownBy(credentials::refresh)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("invalid_grant")
        .hasMessageContaining("Invalid JWT Signature.");
  }

  @Test
  void jwtBearer_validAssertion_returnsGoogleShapedToken() {
    JsonPath keyFile = newAccount();

    given()
        .formParam("grant_type", JWT_BEARER)
        .formParam("assertion", Fixtures.validAssertion(keyFile, GEMINI_SCOPE))
        .post("/token")
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .body("access_token", startsWith("ya29."))
        .body("expires_in", equalTo(3599))
        .body("token_type", equalTo("Bearer"));
  }

  @Test
  void jwtBearer_withoutKid_usesAnyActiveKey() {
    JsonPath keyFile = newAccount();
    Instant now = Instant.now();

    given()
        .formParam("grant_type", JWT_BEARER)
        .formParam(
            "assertion",
            assertion(keyFile, null, AUDIENCE, now, now.plusSeconds(3600), GEMINI_SCOPE))
        .post("/token")
        .then()
        .statusCode(200);
  }

  @Test
  void jwtBearer_signedByAnotherKey_invalidSignature() {
    JsonPath keyFile = newAccount();
    JsonPath other = newAccount();
    Instant now = Instant.now();
    // Claims of keyFile's account, signed with other's key but naming keyFile's kid.
    org.jose4j.jwt.JwtClaims claims = new org.jose4j.jwt.JwtClaims();
    claims.setIssuer(keyFile.getString("client_email"));
    claims.setAudience(AUDIENCE);
    claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now.getEpochSecond()));
    claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now.getEpochSecond() + 3600));
    claims.setClaim("scope", GEMINI_SCOPE);
    String forged =
        Fixtures.sign(claims, Fixtures.privateKey(other), keyFile.getString("private_key_id"));

    expectError(forged, 400, "invalid_grant", "Invalid JWT Signature.");
  }

  @Test
  void jwtBearer_wrongAudience_failedAudienceCheck() {
    JsonPath keyFile = newAccount();
    Instant now = Instant.now();
    String kid = keyFile.getString("private_key_id");

    // The aud must be Google's endpoint even though token_uri points at the emulator.
    expectError(
        assertion(
            keyFile, kid, keyFile.getString("token_uri"), now, now.plusSeconds(3600), GEMINI_SCOPE),
        400,
        "invalid_grant",
        "Invalid JWT: Failed audience check. The right audience is https://oauth2.googleapis.com/token");
  }

  @Test
  void jwtBearer_badTimes_notShortLivedOrReasonable() {
    JsonPath keyFile = newAccount();
    Instant now = Instant.now();
    String kid = keyFile.getString("private_key_id");
    String message =
        "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe."
            + " Check your iat and exp values in the JWT claim.";

    // Lives longer than 60 minutes.
    expectError(
        assertion(keyFile, kid, AUDIENCE, now, now.plusSeconds(3601), GEMINI_SCOPE),
        400,
        "invalid_grant",
        message);
    // Issued in the future: the client's clock runs 5 minutes fast.
    expectError(
        assertion(
            keyFile, kid, AUDIENCE, now.plusSeconds(300), now.plusSeconds(3900), GEMINI_SCOPE),
        400,
        "invalid_grant",
        message);
    // Already expired: the client's clock runs 2 hours slow.
    expectError(
        assertion(
            keyFile, kid, AUDIENCE, now.minusSeconds(7200), now.minusSeconds(3600), GEMINI_SCOPE),
        400,
        "invalid_grant",
        message);
  }

  @Test
  void jwtBearer_smallSkew_isTolerated() {
    JsonPath keyFile = newAccount();
    Instant now = Instant.now().plusSeconds(30);

    given()
        .formParam("grant_type", JWT_BEARER)
        .formParam(
            "assertion",
            assertion(
                keyFile,
                keyFile.getString("private_key_id"),
                AUDIENCE,
                now,
                now.plusSeconds(3600),
                GEMINI_SCOPE))
        .post("/token")
        .then()
        .statusCode(200);
  }

  @Test
  void jwtBearer_emulatorClockMovedPastExpiry_refusesOldAssertion() {
    JsonPath keyFile = newAccount();
    String assertion = Fixtures.validAssertion(keyFile, GEMINI_SCOPE);
    given()
        .body("{\"advanceSeconds\":7200}")
        .contentType("application/json")
        .post("/emulator/clock")
        .then()
        .statusCode(200);
    try {
      expectError(
          assertion,
          400,
          "invalid_grant",
          "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe."
              + " Check your iat and exp values in the JWT claim.");
    } finally {
      given().delete("/emulator/clock").then().statusCode(200);
    }
  }

  @Test
  void jwtBearer_missingOrUnknownScope_invalidScope() {
    JsonPath keyFile = newAccount();
    Instant now = Instant.now();
    String kid = keyFile.getString("private_key_id");

    expectError(
        assertion(keyFile, kid, AUDIENCE, now, now.plusSeconds(3600), null),
        400,
        "invalid_scope",
        "Invalid OAuth scope or ID token audience provided.");
    expectError(
        assertion(keyFile, kid, AUDIENCE, now, now.plusSeconds(3600), "gemini-everything"),
        400,
        "invalid_scope",
        "Invalid OAuth scope or ID token audience provided.");
  }

  @Test
  void jwtBearer_unknownAccountOrDeletedKey_refused() {
    JsonPath keyFile = newAccount();
    String email = keyFile.getString("client_email");
    String kid = keyFile.getString("private_key_id");
    String valid = Fixtures.validAssertion(keyFile, GEMINI_SCOPE);

    given()
        .delete("/emulator/service-accounts/{email}/keys/{kid}", email, kid)
        .then()
        .statusCode(200);
    expectError(valid, 400, "invalid_grant", "Invalid JWT Signature.");

    given().post("/emulator/service-accounts/{email}/disable", email).then().statusCode(200);
    expectError(valid, 400, "invalid_grant", "Invalid grant: account not found");
  }

  @Test
  void jwtBearer_disabledAccount_revokesItsTokens() {
    JsonPath keyFile = newAccount();
    String token = Fixtures.accessToken(keyFile, GEMINI_SCOPE);

    given().post("/emulator/service-accounts/{email}/disable", keyFile.getString("client_email"));

    given()
        .queryParam("access_token", token)
        .get("/tokeninfo")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_token"));
  }

  @Test
  void token_malformedRequests_getOAuthErrors() {
    given()
        .formParam("grant_type", "password")
        .post("/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("unsupported_grant_type"))
        .body("error_description", equalTo("Invalid grant_type: password"));
    given()
        .formParam("grant_type", JWT_BEARER)
        .post("/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("error_description", equalTo("Missing required parameter: assertion"));
    given()
        .formParam("grant_type", JWT_BEARER)
        .formParam("assertion", "not-a-jwt")
        .post("/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
  }

  private static void expectError(String assertion, int status, String error, String description) {
    String body =
        given()
            .formParam("grant_type", JWT_BEARER)
            .formParam("assertion", assertion)
            .post("/token")
            .then()
            .statusCode(status)
            .extract()
            .asString();
    assertThat(body)
        .isEqualTo("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
  }
}
