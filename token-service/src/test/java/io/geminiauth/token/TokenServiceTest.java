package io.geminiauth.token;

import static io.geminiauth.token.GoogleStandIn.BATCH_KEY;
import static io.geminiauth.token.GoogleStandIn.CLOUD;
import static io.geminiauth.token.GoogleStandIn.GEMINI;
import static io.geminiauth.token.GoogleStandIn.OIDC_SECRET;
import static io.geminiauth.token.GoogleStandIn.account;
import static io.geminiauth.token.GoogleStandIn.emulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.Outcome;
import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.testsupport.MovableClockProducer;
import io.geminiauth.token.broker.TokenBroker;
import io.geminiauth.token.mint.UpstreamClients;
import io.geminiauth.token.policy.PolicyStore;
import io.geminiauth.token.rest.CallerAuthenticator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(GoogleStandIn.class)
class TokenServiceTest {

  @Inject PolicyStore policy;
  @Inject TokenBroker broker;
  @Inject io.geminiauth.token.audit.TokenAudit tokenAudit;

  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @AfterEach
  void cleanUp() throws Exception {
    emulator.delete("/emulator/faults");
    GoogleStandIn.resetClocks();
    CircuitBreakerMaintenance.get().resetAll();
    given().header(CallerAuthenticator.KEY_HEADER, BATCH_KEY);
  }

  @Test
  void wrongMethods_405InGooglesShapeWithAllow() {
    given()
        .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
        .get("/v1/tokens")
        .then()
        .statusCode(405)
        .header("Allow", "POST")
        .body("error.code", equalTo(405))
        .body("error.status", equalTo("INVALID_ARGUMENT"))
        .body("error.message", org.hamcrest.Matchers.containsString("use POST"));
    // A JAX-RS resource: the methods it serves come from the REST layer.
    given()
        .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
        .put("/v1/admin/credentials")
        .then()
        .statusCode(405)
        .body("error.code", equalTo(405))
        .body("error.status", equalTo("INVALID_ARGUMENT"))
        .body("error.message", equalTo("Method PUT is not allowed on /v1/admin/credentials."));
  }

  /**
   * Every event the token-service can emit reaches the audit store: the sink holds each to the
   * audit-service's own rules (the strict event reader and {@code SecretFields}).
   */
  @Test
  void everyEventTheTokenServiceEmits_acceptedByTheAuditServicesRules() {
    String marker = "every-event-" + System.nanoTime();
    String account = marker + "@p.iam.gserviceaccount.com";
    List<String> scopes = List.of(GEMINI);
    tokenAudit.keyLoaded(account, "service_account_key", "kid-1", "/keys/" + marker + ".json");
    tokenAudit.keyLoadFailed("/keys/" + marker + ".json", "no private_key", "private_key");
    tokenAudit.keyFileRemoved(account);
    tokenAudit.keyAgeWarning(account, "kid-1", Duration.ofDays(90), Duration.ofDays(100));
    tokenAudit.keyAdded("ops", account, "kid-1");
    tokenAudit.keyRotated("ops", account, "kid-1", "kid-2");
    tokenAudit.keyVerificationFailed("ops", account, "kid-2", "invalid_grant");
    tokenAudit.credentialEnabled("ops", account);
    tokenAudit.tokensDropped(AuthEventType.KEY_REVOKED, "ops", account, "revoked", 1);
    tokenAudit.tokenMinted("caller", account, scopes, false, Duration.ofMillis(12));
    tokenAudit.tokenMinted("caller", account, scopes, true, Duration.ofMillis(12));
    tokenAudit.tokenRequestFailed(
        "caller", account, scopes, "Google said no", java.util.Map.of("code", "invalid_grant"));
    tokenAudit.accessDenied("caller", account, scopes, "not in the policy", "127.0.0.1", "t/1");
    tokenAudit.callerRefused(marker, "unknown key", "127.0.0.1", "t/1");
    tokenAudit.cachedTokenRefused("caller", account, scopes, "127.0.0.1", "t/1");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                GoogleStandIn.audit.events().stream()
                        .filter(
                            e ->
                                String.valueOf(e.subject()).contains(marker)
                                    || marker.equals(e.principal()))
                        .count()
                    == 15);
    assertThat(GoogleStandIn.audit.rejected())
        .as("events the audit-service would refuse")
        .isEmpty();
  }

  @Test
  void tokenRequest_formOrMultipartBody_415InGooglesShape_notA500() {
    given()
        .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
        .multiPart("serviceAccount", account("gemini-caller"))
        .post("/v1/tokens")
        .then()
        .statusCode(415)
        .body("error.code", equalTo(415))
        .body("error.status", equalTo("INVALID_ARGUMENT"));
    given()
        .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
        .contentType(ContentType.URLENC)
        .formParam("serviceAccount", account("gemini-caller"))
        .post("/v1/tokens")
        .then()
        .statusCode(415);
    // Unknown fields and wrong types are refused too, naming the field.
    given()
        .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
        .contentType(ContentType.JSON)
        .body(
            "{\"serviceAccount\":\""
                + account("gemini-caller")
                + "\",\"scopes\":\"x\",\"colour\":1}")
        .post("/v1/tokens")
        .then()
        .statusCode(400)
        .body("error.status", equalTo("INVALID_ARGUMENT"));
  }

  /** Waits until the emulator's token endpoint has seen no call for 300 ms. */
  static void awaitNoTokenCalls() throws InterruptedException {
    long seen = emulator.counter("token");
    for (int i = 0; i < 50; i++) {
      Thread.sleep(300);
      long now = emulator.counter("token");
      if (now == seen) {
        return;
      }
      seen = now;
    }
    throw new AssertionError("the token endpoint is still being called after 15 s");
  }

  static Response requestToken(String account, String... scopes) {
    return given()
        .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
        .contentType(ContentType.JSON)
        .body(body(account, scopes))
        .post("/v1/tokens");
  }

  static Response requestTokenAs(String bearer, String account, String... scopes) {
    return given()
        .header("Authorization", "Bearer " + bearer)
        .contentType(ContentType.JSON)
        .body(body(account, scopes))
        .post("/v1/tokens");
  }

  static String body(String account, String... scopes) {
    return "{\"serviceAccount\":\""
        + account
        + "\",\"scopes\":["
        + String.join(",", List.of(scopes).stream().map(s -> "\"" + s + "\"").toList())
        + "]}";
  }

  @Test
  void token_cachedForSameScopeSet_oneMintAndGoogleAcceptsIt() {
    long before = emulator.counter("token");
    Response first = requestToken(account("batch-jobs"), GEMINI, CLOUD);
    first
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body("token_type", equalTo("Bearer"))
        .body("expires_in", greaterThan(3500))
        .body("expires_in", lessThanOrEqualTo(3599));
    String token = first.path("access_token");
    // Same set, other order, a repetition: the same cached token.
    requestToken(account("batch-jobs"), CLOUD, GEMINI, CLOUD)
        .then()
        .statusCode(200)
        .body("access_token", equalTo(token));
    assertThat(emulator.counter("token") - before).isEqualTo(1);
    // Google (the emulator) knows the token, for that account and those scopes.
    String info = emulator.get("/tokeninfo?access_token=" + token);
    assertThat(info).contains(account("batch-jobs")).contains(GEMINI).contains(CLOUD);
    assertThat(first.path("expires_at").toString()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:]{8}Z");
  }

  @Test
  void token_refusedTokenReported_droppedAndMintedOnce_anotherHashKeepsTheCachedOne() {
    String account = account("batch-jobs");
    String first =
        requestToken(account, GEMINI).then().statusCode(200).extract().path("access_token");
    long before = emulator.counter("token");

    requestTokenRefusing(account, KeyHashes.sha256Hex("some other token"))
        .then()
        .statusCode(200)
        .body("access_token", equalTo(first));
    assertThat(emulator.counter("token")).isEqualTo(before);

    String second =
        requestTokenRefusing(account, KeyHashes.sha256Hex(first))
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    assertThat(second).isNotEqualTo(first);
    assertThat(emulator.counter("token")).isEqualTo(before + 1);
    // A second report of the same refused token (another gateway replica) mints nothing more.
    requestTokenRefusing(account, KeyHashes.sha256Hex(first))
        .then()
        .statusCode(200)
        .body("access_token", equalTo(second));
    assertThat(emulator.counter("token")).isEqualTo(before + 1);
    await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(
            () ->
                events(AuthEventType.TOKEN_REVOKED, "batch-runner").stream()
                    .anyMatch(e -> e.reason().contains("Google refused the cached token")));

    requestTokenRefusing(account, "not-a-hash")
        .then()
        .statusCode(400)
        .body("error.details[0].fieldViolations[0].field", equalTo("refusedToken"));
  }

  static Response requestTokenRefusing(String account, String refusedHash) {
    return given()
        .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
        .contentType(ContentType.JSON)
        .body(
            "{\"serviceAccount\":\""
                + account
                + "\",\"scopes\":[\""
                + GEMINI
                + "\"],\"refusedToken\":\""
                + refusedHash
                + "\"}")
        .post("/v1/tokens");
  }

  @Test
  void token_thousandConcurrentCallersOnColdAccount_exactlyOneUpstreamRequest() throws Exception {
    long before = emulator.counter("token");
    HttpClient http = HttpClient.newBuilder().build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/tokens"))
            .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body(account("crowd-cold"), GEMINI)))
            .build();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    Set<String> tokens = new HashSet<>();
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> response = call.get();
      assertThat(response.statusCode()).isEqualTo(200);
      tokens.add(response.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1"));
    }
    assertThat(tokens).hasSize(1);
    assertThat(emulator.counter("token") - before).isEqualTo(1);
  }

  @Test
  void token_badInput_invalidArgumentNamingEachField() {
    given()
        .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
        .contentType(ContentType.JSON)
        .body("{\"serviceAccount\":\"not an email\",\"scopes\":[\"ftp://x\"]}")
        .post("/v1/tokens")
        .then()
        .statusCode(400)
        .body("error.code", equalTo(400))
        .body("error.status", equalTo("INVALID_ARGUMENT"))
        .body(
            "error.details[0].fieldViolations.field",
            org.hamcrest.Matchers.contains("serviceAccount", "scopes[0]"));
    given()
        .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
        .contentType(ContentType.JSON)
        .body("{\"serviceAccount\":")
        .post("/v1/tokens")
        .then()
        .statusCode(400)
        .body("error.status", equalTo("INVALID_ARGUMENT"));
  }

  @Test
  void token_oversizedBody_googleErrorNotAStackTrace() {
    given()
        .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
        .contentType(ContentType.JSON)
        .body("{\"serviceAccount\":\"" + "x".repeat(70_000) + "\"}")
        .post("/v1/tokens")
        .then()
        .statusCode(400)
        .body("error.status", equalTo("INVALID_ARGUMENT"))
        .body("error.message", org.hamcrest.Matchers.containsString("65536 bytes"));
  }

  @Test
  void openapi_describesTheTokenRouteAndTheAdminApi() {
    given()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.containsString("/v1/tokens:"))
        .body(org.hamcrest.Matchers.containsString("/v1/admin/credentials"));
  }

  @Test
  void token_deniedWithHugeUserAgent_stillAudited_stillGooglesError() {
    given()
        .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
        .header("User-Agent", "agent/" + "x".repeat(2_000))
        .contentType(ContentType.JSON)
        .body(body(account("vertex-user"), GEMINI))
        .post("/v1/tokens")
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                events(AuthEventType.ACCESS_DENIED, account("vertex-user")).stream()
                    .anyMatch(e -> "batch-runner".equals(e.principal())));
  }

  @Test
  void token_unknownAccount_notFoundAndAudited() {
    given()
        .header(
            "Authorization",
            "Bearer " + emulator.oidcToken("ops-console", OIDC_SECRET, "token-service"))
        .contentType(ContentType.JSON)
        .body(body(account("nobody"), GEMINI))
        .post("/v1/tokens")
        .then()
        .statusCode(404)
        .body("error.status", equalTo("NOT_FOUND"));
    // Every denial is an event, this one too.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                events(AuthEventType.ACCESS_DENIED, account("nobody")).stream()
                    .anyMatch(
                        e ->
                            "ops-console".equals(e.principal())
                                && e.reason().contains("not configured here")));
  }

  @Test
  void token_withoutCredentials_unauthenticatedAndAudited() {
    given()
        .contentType(ContentType.JSON)
        .body(body(account("batch-jobs"), GEMINI))
        .post("/v1/tokens")
        .then()
        .statusCode(401)
        .body("error.status", equalTo("UNAUTHENTICATED"));
    given()
        .header(CallerAuthenticator.KEY_HEADER, "wrong-key")
        .contentType(ContentType.JSON)
        .body(body(account("batch-jobs"), GEMINI))
        .post("/v1/tokens")
        .then()
        .statusCode(401)
        .body(
            "error.message",
            org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("wrong-key")));
    // Named by the key's fingerprint: the same key always, never the key itself.
    String principal = KeyHashes.unknownKeyPrincipal("wrong-key");
    assertThat(principal).startsWith("unknown-key:sha256:").doesNotContain("wrong-key");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events(AuthEventType.ACCESS_DENIED, principal).size() >= 1);
    assertThat(events(AuthEventType.ACCESS_DENIED, principal).get(0).callerIp())
        .isEqualTo("127.0.0.1");
    assertThat(GoogleStandIn.audit.rawBodies()).doesNotContain("wrong-key");
  }

  /** Every caller × account × scope combination gets exactly what the policy says. */
  @Test
  void policy_matrixOfCallersAccountsScopes_denyByDefault() {
    record Case(String caller, String account, String scope, int status) {}
    List<Case> cases = new ArrayList<>();
    String[] callers = {"batch-runner", "gemini-gateway", "ops-console", "stranger"};
    String[] accounts = {account("batch-jobs"), account("gemini-caller"), account("vertex-user")};
    String[] scopes = {GEMINI, CLOUD};
    for (String caller : callers) {
      for (String acct : accounts) {
        for (String scope : scopes) {
          boolean allowed =
              switch (caller) {
                case "batch-runner" -> acct.equals(account("batch-jobs"));
                case "gemini-gateway" ->
                    acct.equals(account("gemini-caller")) && scope.equals(GEMINI);
                case "ops-console" -> true;
                default -> false;
              };
          cases.add(new Case(caller, acct, scope, allowed ? 200 : 403));
        }
      }
    }
    for (Case c : cases) {
      var request =
          c.caller().equals("batch-runner")
              ? given().header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
              : given()
                  .header(
                      "Authorization",
                      "Bearer " + emulator.oidcToken(c.caller(), OIDC_SECRET, "token-service"));
      Response response =
          request
              .contentType(ContentType.JSON)
              .body(body(c.account(), c.scope()))
              .post("/v1/tokens");
      assertThat(response.statusCode()).as(c.toString()).isEqualTo(c.status());
      if (c.status() == 403) {
        assertThat(response.<String>path("error.status")).isEqualTo("PERMISSION_DENIED");
      }
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events(AuthEventType.ACCESS_DENIED, "stranger").size() >= 6);
  }

  @Test
  void policy_fileRewritten_reloadedWithoutRestart() throws Exception {
    var token = emulator.oidcToken("stranger", OIDC_SECRET, "token-service");
    requestTokenAs(token, account("vertex-user"), CLOUD).then().statusCode(403);
    try {
      Files.writeString(
          GoogleStandIn.policyFile,
          GoogleStandIn.policy()
              .replace(
                  "\"callers\": {",
                  "\"callers\": {\"stranger\": {\"accounts\": [\""
                      + account("vertex-user")
                      + "\"], \"scopes\": [\""
                      + CLOUD
                      + "\"]},"));
      assertThat(policy.reload()).isTrue();
      requestTokenAs(token, account("vertex-user"), CLOUD).then().statusCode(200);
      // A broken file is refused; the policy in force stays.
      Files.writeString(GoogleStandIn.policyFile, "{ not json");
      assertThat(policy.reload()).isFalse();
      requestTokenAs(token, account("vertex-user"), CLOUD).then().statusCode(200);
      // Both changes are in the audit trail: the new policy by its hash, the refused file.
      String file = GoogleStandIn.policyFile.toString();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  events(AuthEventType.POLICY_CHANGED, file).stream()
                          .anyMatch(
                              e ->
                                  e.outcome() == Outcome.SUCCESS
                                      && e.attributes().get("sha256").length() == 64)
                      && events(AuthEventType.POLICY_CHANGED, file).stream()
                          .anyMatch(e -> e.outcome() == Outcome.FAILURE));
    } finally {
      Files.writeString(GoogleStandIn.policyFile, GoogleStandIn.policy());
      policy.reload();
    }
  }

  @Test
  void mint_tokenEndpoint503Twice_retriedWithBackoffThenServed() {
    long before = emulator.counter("token");
    emulator.post("/emulator/faults", "{\"route\":\"token\",\"times\":2,\"status\":503}");
    requestToken(account("flaky-net"), GEMINI).then().statusCode(200);
    assertThat(emulator.counter("token") - before).isEqualTo(3);
  }

  @Test
  void mint_keyDisabledAtGoogle_invalidGrantNotRetriedAndCredentialUnhealthy() {
    String keyId =
        emulator
            .get("/emulator/service-accounts/" + account("broken-key"))
            .replaceAll(".*\"keyId\":\"([0-9a-f]+)\".*", "$1");
    emulator.post(
        "/emulator/service-accounts/" + account("broken-key") + "/keys/" + keyId + "/disable", "");
    long before = emulator.counter("token");
    Response refused = requestToken(account("broken-key"), GEMINI);
    // Permanent: a 4xx with the next step, no "retry later", no internal address.
    refused.then().statusCode(400).body("error.status", equalTo("FAILED_PRECONDITION"));
    assertThat(refused.header("Retry-After")).isNull();
    assertThat(refused.<String>path("error.message"))
        .contains("invalid_grant")
        .contains("rotate")
        .doesNotContain("http");
    assertThat(emulator.counter("token") - before).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !events(AuthEventType.TOKEN_REQUEST_FAILED, account("broken-key")).isEmpty());
    AuthEvent failed = events(AuthEventType.TOKEN_REQUEST_FAILED, account("broken-key")).get(0);
    assertThat(failed.attributes())
        .containsEntry("code", "invalid_grant")
        .containsEntry("status", "400");
    given()
        .get("/q/health/ready")
        .then()
        // One refused key must not take the tokens of every other account out of service.
        .statusCode(200)
        .body(
            "checks.find { it.name == 'credentials' }.data.unhealthy",
            org.hamcrest.Matchers.containsString(account("broken-key")));
  }

  /**
   * Ten minutes of token-endpoint outage while a token is stale: every caller keeps getting the
   * valid token, the service tries upstream once per cooldown step (plus its bounded retries), not
   * once per request, and says when to come back once no valid token is left.
   */
  @Test
  void outage_tenMinutesOfTokenEndpoint503_callersServedNoStormThenRecovery() throws Exception {
    String account = account("outage-sa");
    // The emulator counts every account's token calls: only this account's token may be cached,
    // or others would refresh on the moved clock and be counted as this one's.
    broker.invalidateAll();
    // Only the test moves time: on a slow machine a step's requests can outlast the 1 s cooldown
    // in real time, which would count a second attempt in one step.
    MovableClockProducer.CLOCK.stop();
    String token =
        requestToken(account, GEMINI).then().statusCode(200).extract().path("access_token");
    GoogleStandIn.advance(Duration.ofSeconds(3599 - 15 * 60));
    emulator.post("/emulator/faults", "{\"route\":\"token\",\"times\":1000000,\"status\":503}");
    long before = emulator.counter("token");
    int served = 0;
    for (int step = 0; step < 9; step++) {
      long stepStart = emulator.counter("token");
      for (int i = 0; i < 20; i++) {
        requestToken(account, GEMINI).then().statusCode(200).body("access_token", equalTo(token));
        served++;
      }
      // Let the one background refresh and its retries run out before moving time on: under
      // load they can outlast a fixed pause and would be counted in the next step.
      awaitNoTokenCalls();
      assertThat(emulator.counter("token") - stepStart)
          .as("upstream calls in step %d", step)
          .isLessThanOrEqualTo(4);
      GoogleStandIn.advance(Duration.ofSeconds(60));
    }
    assertThat(served).isEqualTo(180);
    assertThat(emulator.counter("token") - before)
        .isLessThanOrEqualTo(36)
        .isGreaterThanOrEqualTo(1);
    // 5 minutes left: never handed out. The caller is told when to come back.
    GoogleStandIn.advance(Duration.ofSeconds(60));
    Response refused = requestToken(account, GEMINI);
    refused.then().statusCode(503).body("error.status", equalTo("UNAVAILABLE"));
    assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
    assertThat(refused.<String>path("error.details[0].retryDelay")).endsWith("s");
    // Google is back: the next attempt after the cooldown mints a new token.
    emulator.delete("/emulator/faults");
    CircuitBreakerMaintenance.get().resetAll();
    GoogleStandIn.advance(Duration.ofSeconds(120));
    String fresh =
        requestToken(account, GEMINI).then().statusCode(200).extract().path("access_token");
    assertThat(fresh).isNotEqualTo(token);
  }

  /**
   * The token endpoint keeps failing: after its volume of failed calls the breaker opens and the
   * next request is answered 503 without a call to Google; once Google is back and the breaker's
   * delay has passed, one trial call closes it. Each request names a token not asked before, so no
   * token's cooldown stands between the requests and the breaker.
   */
  @Test
  void tokenEndpointFailing_breakerOpensCallsStop_thenClosesOnceGoogleIsBack() {
    broker.invalidateAll();
    String breaker = UpstreamClients.BREAKER_PREFIX + emulator.baseUrl() + "/token";
    List<String[]> fresh = freshTokenRequests();
    int[] used = {0};
    emulator.post("/emulator/faults", "{\"route\":\"token\",\"times\":1000000,\"status\":503}");
    for (int i = 0; i < 4 && state(breaker) != CircuitBreakerState.OPEN; i++) {
      requestToken(fresh.get(used[0]++ % fresh.size())).then().statusCode(503);
    }
    assertThat(state(breaker)).isEqualTo(CircuitBreakerState.OPEN);

    long calls = emulator.counter("token");
    Response refused = requestToken(fresh.get(used[0]++ % fresh.size()));
    refused.then().statusCode(503).body("error.status", equalTo("UNAVAILABLE"));
    assertThat(refused.header("Retry-After")).isNotNull();
    assertThat(emulator.counter("token")).as("no call while open").isEqualTo(calls);

    emulator.delete("/emulator/faults");
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> requestToken(fresh.get(used[0]++ % fresh.size())).statusCode() == 200);
    assertThat(state(breaker)).isEqualTo(CircuitBreakerState.CLOSED);
  }

  private static CircuitBreakerState state(String breaker) {
    return CircuitBreakerMaintenance.get().currentState(breaker);
  }

  /** Accounts and scopes of batch-runner's policy: twelve tokens, each its own cache entry. */
  private static List<String[]> freshTokenRequests() {
    List<String[]> requests = new ArrayList<>();
    for (String[] scopes :
        List.of(new String[] {GEMINI}, new String[] {CLOUD}, new String[] {GEMINI, CLOUD})) {
      for (String id : List.of("crowd-cold", "flaky-net", "outage-sa", "batch-jobs")) {
        String[] request = new String[scopes.length + 1];
        request[0] = account(id);
        System.arraycopy(scopes, 0, request, 1, scopes.length);
        requests.add(request);
      }
    }
    return requests;
  }

  private static Response requestToken(String[] accountAndScopes) {
    return requestToken(
        accountAndScopes[0],
        java.util.Arrays.copyOfRange(accountAndScopes, 1, accountAndScopes.length));
  }

  @Test
  void metrics_cacheMintUpstreamBreakerExpiryHealth_exposedForPrometheus() {
    requestToken(account("batch-jobs"), GEMINI).then().statusCode(200);
    requestToken(account("batch-jobs"), GEMINI).then().statusCode(200);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .containsPattern("token_cache_hits_total(\\{[^}]*\\})? [1-9]")
        .containsPattern("token_cache_misses_total(\\{[^}]*\\})? [1-9]")
        .contains("token_cache_size")
        .contains("token_cache_evictions_total")
        .contains("token_mint_seconds_bucket")
        .containsPattern("token_cache_lowest_remaining_seconds(\\{[^}]*\\})? [0-9]")
        .containsPattern(
            "token_upstream_breaker_state\\{endpoint=\"http://127.0.0.1:[0-9]+/token\"")
        .containsPattern("token_credentials\\{health=\"HEALTHY\"[^}]*\\} [1-9]")
        .contains("token_audit_events_total");
  }

  private static List<AuthEvent> events(AuthEventType type, String principalOrSubject) {
    return GoogleStandIn.audit.events().stream()
        .filter(e -> e.type() == type)
        .filter(
            e -> principalOrSubject.equals(e.principal()) || principalOrSubject.equals(e.subject()))
        .toList();
  }
}
