package io.geminiauth.emulator.iam;

import static io.geminiauth.emulator.Fixtures.CLOUD_SCOPE;
import static io.geminiauth.emulator.Fixtures.GEMINI_SCOPE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.geminiauth.emulator.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** Impersonation (IAM Credentials), workload identity federation (STS), and the OIDC issuer. */
@QuarkusTest
class KeylessFlowsTest {
  private static final String HELLO = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}";
  private static final String PROVIDER =
      "//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/k8s/providers/cluster-a";

  private static void grant(String target, String member) {
    given()
        .contentType("application/json")
        .body("{\"target\":\"" + target + "\",\"member\":\"" + member + "\"}")
        .post("/emulator/iam/token-creators")
        .then()
        .statusCode(200);
  }

  private static io.restassured.response.Response impersonate(
      String bearer, String target, String body) {
    return given()
        .auth()
        .oauth2(bearer)
        .contentType("application/json")
        .body(body)
        .post("/v1/projects/-/serviceAccounts/" + target + ":generateAccessToken");
  }

  @Test
  void generateAccessToken_withTokenCreator_mintsAWorkingToken() {
    JsonPath source = Fixtures.newAccount();
    JsonPath target = Fixtures.newAccount();
    grant(target.getString("client_email"), source.getString("client_email"));
    String sourceToken = Fixtures.accessToken(source, CLOUD_SCOPE);

    String token =
        impersonate(
                sourceToken,
                target.getString("client_email"),
                "{\"scope\":[\"" + GEMINI_SCOPE + "\"],\"lifetime\":\"600s\"}")
            .then()
            .statusCode(200)
            .body("accessToken", startsWith("ya29."))
            .body(
                "expireTime",
                org.hamcrest.Matchers.matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
            .extract()
            .path("accessToken");

    given()
        .queryParam("access_token", token)
        .get("/tokeninfo")
        .then()
        .statusCode(200)
        .body("email", equalTo(target.getString("client_email")))
        .body("scope", equalTo(GEMINI_SCOPE));
    given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .body(HELLO)
        .post("/v1beta/models/gemini-2.5-flash:generateContent")
        .then()
        .statusCode(200);
  }

  /** IAM keys.get: when Google made a key, for the account itself, never for another. */
  @Test
  void keysGet_validAfterTimeForTheAccountItself_othersDenied() {
    JsonPath account = Fixtures.newAccount();
    String email = account.getString("client_email");
    String keyId = account.getString("private_key_id");
    String path = "/v1/projects/-/serviceAccounts/" + email + "/keys/" + keyId;
    given().get(path).then().statusCode(401).body("error.status", equalTo("UNAUTHENTICATED"));
    given()
        .auth()
        .oauth2(Fixtures.accessToken(Fixtures.newAccount(), CLOUD_SCOPE))
        .get(path)
        .then()
        .statusCode(403)
        .body("error.details[0].reason", equalTo("IAM_PERMISSION_DENIED"));
    given()
        .auth()
        .oauth2(Fixtures.accessToken(account, GEMINI_SCOPE))
        .get(path)
        .then()
        .statusCode(403)
        .body("error.message", equalTo("Request had insufficient authentication scopes."));

    String old =
        given()
            .post("/emulator/service-accounts/" + email + "/keys?validAfter=2026-01-31T00:00:00Z")
            .then()
            .statusCode(200)
            .extract()
            .path("private_key_id");
    given()
        .auth()
        .oauth2(Fixtures.accessToken(account, CLOUD_SCOPE))
        .get("/v1/projects/-/serviceAccounts/" + email + "/keys/" + old)
        .then()
        .statusCode(200)
        .body("validAfterTime", equalTo("2026-01-31T00:00:00Z"))
        .body("keyType", equalTo("USER_MANAGED"))
        .body("name", org.hamcrest.Matchers.endsWith("/keys/" + old))
        .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("privateKeyData")));
  }

  @Test
  void generateAccessToken_delegateChain_needsEveryHop() {
    JsonPath source = Fixtures.newAccount();
    JsonPath middle = Fixtures.newAccount();
    JsonPath target = Fixtures.newAccount();
    String sourceToken = Fixtures.accessToken(source, CLOUD_SCOPE);
    String body =
        "{\"delegates\":[\"projects/-/serviceAccounts/"
            + middle.getString("client_email")
            + "\"],\"scope\":[\""
            + CLOUD_SCOPE
            + "\"]}";
    grant(middle.getString("client_email"), source.getString("client_email"));

    impersonate(sourceToken, target.getString("client_email"), body)
        .then()
        .statusCode(403)
        .body(
            "error.message",
            equalTo(
                "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist)."))
        .body("error.details[0].reason", equalTo("IAM_PERMISSION_DENIED"));

    grant(target.getString("client_email"), middle.getString("client_email"));
    impersonate(sourceToken, target.getString("client_email"), body).then().statusCode(200);
  }

  @Test
  void generateAccessToken_refusals() {
    JsonPath source = Fixtures.newAccount();
    JsonPath target = Fixtures.newAccount();
    grant(target.getString("client_email"), source.getString("client_email"));
    String email = target.getString("client_email");

    // A Gemini-only token cannot call IAM.
    impersonate(
            Fixtures.accessToken(source, GEMINI_SCOPE),
            email,
            "{\"scope\":[\"" + CLOUD_SCOPE + "\"]}")
        .then()
        .statusCode(403)
        .body("error.message", equalTo("Request had insufficient authentication scopes."));
    String token = Fixtures.accessToken(source, CLOUD_SCOPE);
    impersonate(token, email, "{\"scope\":[\"" + CLOUD_SCOPE + "\"],\"lifetime\":\"7200s\"}")
        .then()
        .statusCode(400)
        .body("error.status", equalTo("INVALID_ARGUMENT"));
    impersonate(token, email, "{}")
        .then()
        .statusCode(400)
        .body("error.message", equalTo("Scope is required."));
    impersonate("ya29.bogus", email, "{\"scope\":[\"" + CLOUD_SCOPE + "\"]}")
        .then()
        .statusCode(401);
    impersonate(
            token,
            "nobody@test-project.iam.gserviceaccount.com",
            "{\"scope\":[\"" + CLOUD_SCOPE + "\"]}")
        .then()
        .statusCode(403);
  }

  @Test
  void sts_exchangesAnOidcTokenForAFederatedToken_thenImpersonates() {
    registerProvider();
    String subjectToken =
        subjectToken(
            "{\"subject\":\"system:serviceaccount:ns:app\",\"audience\":\"https:"
                + PROVIDER
                + "\"}");

    String federated =
        given()
            .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
            .formParam("audience", PROVIDER)
            .formParam("scope", CLOUD_SCOPE)
            .formParam("requested_token_type", "urn:ietf:params:oauth:token-type:access_token")
            .formParam("subject_token", subjectToken)
            .formParam("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
            .post("/v1/token")
            .then()
            .statusCode(200)
            .body("issued_token_type", equalTo("urn:ietf:params:oauth:token-type:access_token"))
            .body("token_type", equalTo("Bearer"))
            .extract()
            .path("access_token");

    JsonPath target = Fixtures.newAccount();
    grant(
        target.getString("client_email"),
        "principal://iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/k8s/subject/system:serviceaccount:ns:app");
    impersonate(
            federated, target.getString("client_email"), "{\"scope\":[\"" + GEMINI_SCOPE + "\"]}")
        .then()
        .statusCode(200);
  }

  @Test
  void sts_refusesWrongAudienceForeignSignatureAndUnknownProvider() {
    registerProvider();
    String wrongAudience = subjectToken("{\"subject\":\"s\",\"audience\":\"something-else\"}");

    exchange(PROVIDER, wrongAudience)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    exchange(PROVIDER.replace("cluster-a", "cluster-b"), wrongAudience)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_target"));
    // Signed by a service-account key, not by the provider's issuer.
    String foreign = Fixtures.validAssertion(Fixtures.newAccount(), CLOUD_SCOPE);
    exchange(PROVIDER, foreign).then().statusCode(400).body("error", equalTo("invalid_grant"));
  }

  private static void registerProvider() {
    given()
        .contentType("application/json")
        .body("{\"audience\":\"" + PROVIDER + "\"}")
        .post("/emulator/workload-identity-providers")
        .then()
        .statusCode(200);
  }

  /** A subject token from the emulator's issuer; {@code request} names subject and audience. */
  private static String subjectToken(String request) {
    return given()
        .contentType("application/json")
        .body(request)
        .post("/emulator/oidc/tokens")
        .then()
        .statusCode(200)
        .extract()
        .path("token");
  }

  private static io.restassured.response.Response exchange(String audience, String subjectToken) {
    return given()
        .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
        .formParam("audience", audience)
        .formParam("requested_token_type", "urn:ietf:params:oauth:token-type:access_token")
        .formParam("subject_token", subjectToken)
        .formParam("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
        .post("/v1/token");
  }

  @Test
  void oidcIssuer_discoveryJwksAndClientCredentials() throws Exception {
    String issuer =
        given()
            .get("/oidc/.well-known/openid-configuration")
            .then()
            .statusCode(200)
            .body("token_endpoint", org.hamcrest.Matchers.endsWith("/oidc/token"))
            .extract()
            .path("issuer");
    String jwks = given().get("/oidc/jwks").then().statusCode(200).extract().asString();

    String token =
        given()
            .auth()
            .preemptive()
            .basic("gemini-gateway", "test-gateway-secret")
            .formParam("grant_type", "client_credentials")
            .formParam("audience", "token-service")
            .post("/oidc/token")
            .then()
            .statusCode(200)
            .body("token_type", equalTo("Bearer"))
            .body("expires_in", equalTo(300))
            .extract()
            .path("access_token");

    var consumer =
        new org.jose4j.jwt.consumer.JwtConsumerBuilder()
            .setExpectedIssuer(issuer)
            .setExpectedAudience("token-service")
            .setRequireExpirationTime()
            .setVerificationKeyResolver(
                new org.jose4j.keys.resolvers.JwksVerificationKeyResolver(
                    new org.jose4j.jwk.JsonWebKeySet(jwks).getJsonWebKeys()))
            .build();
    var claims = consumer.processToClaims(token);
    org.assertj.core.api.Assertions.assertThat(claims.getSubject()).isEqualTo("gemini-gateway");
    org.assertj.core.api.Assertions.assertThat(claims.getStringListClaimValue("groups"))
        .containsExactly("token-consumer", "audit-producer");

    given()
        .auth()
        .preemptive()
        .basic("gemini-gateway", "wrong")
        .formParam("grant_type", "client_credentials")
        .post("/oidc/token")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void userOAuth_consentCodeRefresh() {
    var consent =
        given()
            .redirects()
            .follow(false)
            .queryParam("client_id", "web-app")
            .queryParam("redirect_uri", "http://127.0.0.1/callback")
            .queryParam("response_type", "code")
            .queryParam("scope", GEMINI_SCOPE)
            .queryParam("state", "xyz")
            .queryParam("login_hint", "other@example.com")
            .get("/o/oauth2/auth");
    consent.then().statusCode(302);
    String location =
        java.net.URLDecoder.decode(
            consent.header("Location"), java.nio.charset.StandardCharsets.UTF_8);
    org.assertj.core.api.Assertions.assertThat(location)
        .startsWith("http://127.0.0.1/callback?state=xyz&code=4/")
        .endsWith("&scope=" + GEMINI_SCOPE);
    String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");

    var tokens =
        given()
            .formParam("grant_type", "authorization_code")
            .formParam("code", code)
            .formParam("client_id", "web-app")
            .formParam("client_secret", "test-web-app-secret")
            .formParam("redirect_uri", "http://127.0.0.1/callback")
            .post("/token")
            .then()
            .statusCode(200)
            .body("refresh_token", startsWith("1//"))
            .body("scope", equalTo(GEMINI_SCOPE))
            .extract();
    // A code works once.
    given()
        .formParam("grant_type", "authorization_code")
        .formParam("code", code)
        .formParam("client_id", "web-app")
        .formParam("client_secret", "test-web-app-secret")
        .formParam("redirect_uri", "http://127.0.0.1/callback")
        .post("/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));

    String refreshed =
        given()
            .formParam("grant_type", "refresh_token")
            .formParam("refresh_token", tokens.path("refresh_token").toString())
            .formParam("client_id", "web-app")
            .formParam("client_secret", "test-web-app-secret")
            .post("/token")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    given()
        .queryParam("access_token", refreshed)
        .get("/tokeninfo")
        .then()
        .body("email", equalTo("other@example.com"));

    given()
        .formParam("token", tokens.path("refresh_token").toString())
        .post("/revoke")
        .then()
        .statusCode(200);
    given()
        .formParam("grant_type", "refresh_token")
        .formParam("refresh_token", tokens.path("refresh_token").toString())
        .formParam("client_id", "web-app")
        .formParam("client_secret", "test-web-app-secret")
        .post("/token")
        .then()
        .statusCode(400)
        .body("error_description", equalTo("Token has been expired or revoked."));
  }

  @Test
  void adminLists_neverShowPrivateKeys() {
    JsonPath keyFile = Fixtures.newAccount();
    given()
        .get("/emulator/service-accounts")
        .then()
        .statusCode(200)
        .body("email", hasItem(keyFile.getString("client_email")))
        .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("PRIVATE KEY")));
  }
}
