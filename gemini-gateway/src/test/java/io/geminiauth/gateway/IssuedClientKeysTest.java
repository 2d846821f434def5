package io.geminiauth.gateway;

import static io.geminiauth.gateway.GatewayStandIn.ADMIN_KEY;
import static io.geminiauth.gateway.GatewayStandIn.audit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.gateway.admin.AdminAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Client keys issued through the admin API: shown once, recognisable, bound to a configured
 * client's models and limits, revocable at once, expiring; refused as Google refuses keys.
 */
@QuarkusTest
class IssuedClientKeysTest {
  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @Test
  void issuedKey_worksWithTheSdk_underItsClientsModels_thenRevokedAtOnce() {
    JsonPath created =
        admin()
            .contentType(ContentType.JSON)
            .body("{\"client\":\"issued-app\",\"description\":\"for the batch job\"}")
            .post("/admin/v1/client-keys")
            .then()
            .statusCode(201)
            .body("key", startsWith("gwk_"))
            .body("client", equalTo("issued-app"))
            .extract()
            .jsonPath();
    String id = created.getString("id");
    String key = created.getString("key");
    assertThat(key).startsWith("gwk_" + id + "_");

    Client sdk = sdk(key);
    assertThat(sdk.models.generateContent("gemini-2.5-flash", "Hi", null).text()).contains("Hi");
    // The key carries issued-app's limits: gemini-2.5-flash only.
    assertThatThrownBy(() -> sdk.models.generateContent("gemini-2.5-flash-lite", "Hi", null))
        .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(403));

    String list = admin().get("/admin/v1/client-keys").then().statusCode(200).extract().asString();
    assertThat(list).contains(id).contains("\"state\":\"ACTIVE\"").doesNotContain(key);
    assertThat(list).doesNotContain(io.geminiauth.common.redact.KeyHashes.sha256Hex(key));

    admin()
        .post("/admin/v1/client-keys/" + id + ":revoke")
        .then()
        .statusCode(200)
        .body("state", equalTo("REVOKED"));
    assertThatThrownBy(() -> sdk.models.generateContent("gemini-2.5-flash", "Hi", null))
        .isInstanceOfSatisfying(
            ClientException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.message()).contains("API_KEY_INVALID");
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                audit.events().stream()
                        .anyMatch(
                            e ->
                                e.type() == AuthEventType.CLIENT_KEY_ISSUED
                                    && e.subject().equals("client key " + id))
                    && audit.events().stream()
                        .anyMatch(
                            e ->
                                e.type() == AuthEventType.CLIENT_KEY_REVOKED
                                    && e.subject().equals("client key " + id))
                    && audit.events().stream()
                        .anyMatch(
                            e ->
                                e.type() == AuthEventType.ACCESS_DENIED
                                    && ("revoked client key " + id).equals(e.reason())));
    assertThat(audit.rawBodies()).doesNotContain(key);
  }

  @Test
  void keyForScripts_asText_expiresAfterItsTtl_withGooglesExpiredMessage() {
    String key =
        admin()
            .contentType(ContentType.JSON)
            .body("{\"client\":\"sdk-app\",\"ttlSeconds\":1}")
            .post("/admin/v1/client-keys?alt=text")
            .then()
            .statusCode(201)
            .contentType(startsWith("text/plain"))
            .extract()
            .asString()
            .trim();
    assertThat(key).matches("gwk_[a-z0-9]{10}_[a-z0-9]{32}");
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                given()
                    .header("x-goog-api-key", key)
                    .contentType(ContentType.JSON)
                    .body("{\"contents\":[{\"parts\":[{\"text\":\"Hi\"}]}]}")
                    .post("/v1beta/models/gemini-2.5-flash:generateContent")
                    .asString()
                    .contains("API key expired. Please renew the API key."));
  }

  @Test
  void issue_forAClientThatIsNotConfigured_400_nothingIssued() {
    admin()
        .contentType(ContentType.JSON)
        .body("{\"client\":\"nobody\"}")
        .post("/admin/v1/client-keys")
        .then()
        .statusCode(400)
        .body("error.status", equalTo("INVALID_ARGUMENT"));
    assertThat(admin().get("/admin/v1/client-keys").asString()).doesNotContain("\"nobody\"");
    given().get("/admin/v1/client-keys").then().statusCode(401);
  }

  /**
   * A body of the wrong shape is refused with the field named in JSON's words (no Java type) and
   * issues nothing: no overflow, no quiet rounding of 1.5, no "60" taken for 60, no unknown field.
   */
  @Test
  void issue_malformedBodies_400NamingTheField_nothingIssued() {
    int before = admin().get("/admin/v1/client-keys").jsonPath().getList("$").size();
    Map<String, String> expected =
        Map.of(
            "{\"client\":\"sdk-app\",\"ttlSeconds\":9223372036854775807}", "ttlSeconds",
            "{\"client\":\"sdk-app\",\"ttlSeconds\":1.5}", "ttlSeconds",
            "{\"client\":\"sdk-app\",\"ttlSeconds\":\"60\"}", "ttlSeconds",
            "{\"client\":\"sdk-app\",\"colour\":\"blue\"}", "colour",
            "{\"client\":7}", "client");
    expected.forEach(
        (body, field) -> {
          String answer =
              admin()
                  .contentType(ContentType.JSON)
                  .body(body)
                  .post("/admin/v1/client-keys")
                  .then()
                  .statusCode(400)
                  .body("error.status", equalTo("INVALID_ARGUMENT"))
                  .body("error.message", org.hamcrest.Matchers.containsString(field))
                  .extract()
                  .asString();
          assertThat(answer).as(body).doesNotContain("java.").doesNotContain("$");
        });
    assertThat(admin().get("/admin/v1/client-keys").jsonPath().getList("$")).hasSize(before);
  }

  private Client sdk(String key) {
    return GatewayStandIn.sdk(port, key);
  }

  private static io.restassured.specification.RequestSpecification admin() {
    return given().header(AdminAuth.KEY_HEADER, ADMIN_KEY);
  }
}
