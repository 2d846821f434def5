package io.geminiauth.token;

import static io.geminiauth.token.GoogleStandIn.BATCH_KEY;
import static io.geminiauth.token.GoogleStandIn.GEMINI;
import static io.geminiauth.token.GoogleStandIn.OIDC_SECRET;
import static io.geminiauth.token.GoogleStandIn.account;
import static io.geminiauth.token.GoogleStandIn.emulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.geminiauth.token.metadata.MetadataServer;
import io.geminiauth.token.rest.CallerAuthenticator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No secret — access tokens handed out, private keys, client keys, bearer JWTs, the JWT-bearer
 * assertion — reaches the log (the REST client logs every request and answer in tests), the audit
 * events, the metrics, the admin API or an error message.
 */
@QuarkusTest
@QuarkusTestResource(GoogleStandIn.class)
class SecretHygieneTest {

  @Inject MetadataServer metadata;

  @Test
  void secrets_afterMintsFailuresAndAdminCalls_nowhereToBeSeen() throws Exception {
    List<String> secrets = new ArrayList<>();
    secrets.add(BATCH_KEY);
    String bearer = emulator.oidcToken("ops-console", OIDC_SECRET, "token-service");
    secrets.add(bearer);
    secrets.add(OIDC_SECRET);
    // Tokens handed out over the API and the metadata protocol.
    secrets.add(
        given()
            .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
            .contentType(ContentType.JSON)
            .body(
                "{\"serviceAccount\":\""
                    + account("batch-jobs")
                    + "\",\"scopes\":[\""
                    + GEMINI
                    + "\"]}")
            .post("/v1/tokens")
            .path("access_token"));
    secrets.add(
        given()
            .baseUri("http://127.0.0.1")
            .port(metadata.port())
            .header("Metadata-Flavor", "Google")
            .get("/computeMetadata/v1/instance/service-accounts/default/token")
            .path("access_token"));
    // A refused key, a wrong client key, a bad request echoing a token-looking value.
    given()
        .header(CallerAuthenticator.KEY_HEADER, "gwk_wrong_" + BATCH_KEY)
        .get("/v1/admin/credentials");
    String errorBody =
        given()
            .header("Authorization", "Bearer " + bearer)
            .contentType(ContentType.JSON)
            .body(
                "{\"serviceAccount\":\""
                    + secrets.get(3)
                    + "\",\"scopes\":[\""
                    + secrets.get(3)
                    + "\"]}")
            .post("/v1/tokens")
            .asString();
    assertThat(errorBody).contains("INVALID_ARGUMENT");
    String adminList =
        given().header("Authorization", "Bearer " + bearer).get("/v1/admin/credentials").asString();
    String metrics = given().get("/q/metrics").asString();
    // Every private key the service holds, by a long slice of its base64 body.
    try (Stream<Path> files = Files.list(GoogleStandIn.keyDir)) {
      for (Path file : files.toList()) {
        String body = Files.readString(file).replaceAll("(?s).*BEGIN PRIVATE KEY-----\\\\n", "");
        secrets.add(body.substring(0, 48));
      }
    }
    Thread.sleep(1500); // the outbox ships every few hundred milliseconds
    String log = Files.readString(Path.of("target", "token-service-test.log"));
    assertThat(log).as("the REST client logged its traffic").contains("grant_type");
    String audit = GoogleStandIn.audit.rawBodies();
    for (String secret : secrets) {
      assertThat(log).as("log").doesNotContain(secret);
      assertThat(audit).as("audit").doesNotContain(secret);
      assertThat(metrics).as("metrics").doesNotContain(secret);
      assertThat(adminList).as("admin").doesNotContain(secret);
      assertThat(errorBody).as("error").doesNotContain(secret);
    }
    assertThat(log).doesNotContainPattern("assertion=ey[A-Za-z0-9_-]{20,}");
    assertThat(log).doesNotContainPattern("ya29\\.[A-Za-z0-9_-]{20,}");
  }
}
