package io.geminiauth.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Producers and readers authenticated by OIDC bearer JWTs from a real issuer (the emulator's),
 * their roles deciding what they may do.
 */
@QuarkusTest
@TestProfile(OidcCallersTest.WithIssuer.class)
class OidcCallersTest {
  /** The emulator's OIDC issuer is configured. */
  public static class WithIssuer implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(EmulatorProcess.class));
    }
  }

  @Test
  void producerToken_writes_readerToken_reads_otherRolesRefused() throws Exception {
    String principal = "oidc-" + UUID.randomUUID();
    String producer = EmulatorProcess.token("producer-svc");
    String reader = EmulatorProcess.token("reader-svc");
    String other = EmulatorProcess.token("other-svc");

    given()
        .auth()
        .oauth2(producer)
        .contentType(ContentType.JSON)
        .body(AuditServiceContract.event(UUID.randomUUID(), principal))
        .post("/v1/events")
        .then()
        .statusCode(201);
    given()
        .auth()
        .oauth2(reader)
        .queryParam("principal", principal)
        .get("/v1/events")
        .then()
        .statusCode(200)
        .body("events.size()", equalTo(1));

    given()
        .auth()
        .oauth2(reader)
        .contentType(ContentType.JSON)
        .body(AuditServiceContract.event(UUID.randomUUID(), principal))
        .post("/v1/events")
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"));
    given().auth().oauth2(other).get("/v1/events").then().statusCode(403);
    given().auth().oauth2(producer).get("/v1/events").then().statusCode(403);
  }

  @Test
  void forgedOrMangledToken_401InGoogleShape() throws Exception {
    String producer = EmulatorProcess.token("producer-svc");
    String mangled = producer.substring(0, producer.length() - 4) + "AAAA";

    given()
        .auth()
        .oauth2(mangled)
        .contentType(ContentType.JSON)
        .body(AuditServiceContract.event(UUID.randomUUID(), "x"))
        .post("/v1/events")
        .then()
        .statusCode(401)
        .body("error.status", equalTo("UNAUTHENTICATED"));
    given()
        .auth()
        .oauth2("not-a-jwt")
        .get("/v1/events")
        .then()
        .statusCode(401)
        .body("error.code", equalTo(401));
  }
}
