package io.geminiauth.gateway;

import static io.geminiauth.gateway.GatewayStandIn.ADMIN_KEY;
import static io.geminiauth.gateway.GatewayStandIn.audit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.gateway.admin.AdminAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A team added at run time through the admin API, without a configuration edit or a restart: its
 * models and limits apply to the keys issued for it at once, changes take effect on the next
 * request, disabling refuses it with Google's 403, deleting it invalidates its keys; each change is
 * audited. Bad requests say which field is wrong and change nothing; configured clients are listed
 * but change only with the configuration.
 */
@QuarkusTest
class ClientAdminTest {
  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @Test
  void teamMadeAtRunTime_itsModelsAndLimitsApply_changedDisabledDeleted_everyStepAudited() {
    admin()
        .contentType(ContentType.JSON)
        .body(
            "{\"name\":\"team-blue\",\"models\":[\"gemini-2.5-flash\"],\"requestsPerMinute\":100,"
                + "\"maxConcurrent\":4,\"dailyTokenBudget\":100000}")
        .post("/admin/v1/clients")
        .then()
        .statusCode(201)
        .body("source", equalTo("admin"))
        .body("requestsPerMinute", equalTo(100))
        .body("updatedBy", equalTo("ops"));
    String key =
        admin()
            .contentType(ContentType.JSON)
            .body("{\"client\":\"team-blue\"}")
            .post("/admin/v1/client-keys?alt=text")
            .then()
            .statusCode(201)
            .extract()
            .asString()
            .trim();
    Client sdk = GatewayStandIn.sdk(port, key);
    assertThat(sdk.models.generateContent("gemini-2.5-flash", "Hi", null).text()).contains("Hi");
    assertCode(() -> sdk.models.generateContent("gemini-2.5-flash-lite", "Hi", null), 403);

    admin()
        .contentType(ContentType.JSON)
        .body("{\"models\":[\"gemini-2.5-flash-lite\"],\"requestsPerMinute\":1}")
        .patch("/admin/v1/clients/team-blue")
        .then()
        .statusCode(200)
        .body("models[0]", equalTo("gemini-2.5-flash-lite"))
        .body("maxConcurrent", equalTo(4));
    assertThat(sdk.models.generateContent("gemini-2.5-flash-lite", "Hi", null).text())
        .contains("Hi");
    // Raw, not through the SDK, which waits and retries a 429 itself.
    given()
        .header("x-goog-api-key", key)
        .contentType(ContentType.JSON)
        .body("{\"contents\":[{\"parts\":[{\"text\":\"Again\"}]}]}")
        .post("/v1beta/models/gemini-2.5-flash-lite:generateContent")
        .then()
        .statusCode(429)
        .body("error.status", equalTo("RESOURCE_EXHAUSTED"));

    admin().post("/admin/v1/clients/team-blue:disable").then().statusCode(200);
    assertThatThrownBy(() -> sdk.models.generateContent("gemini-2.5-flash-lite", "Hi", null))
        .isInstanceOfSatisfying(
            ClientException.class,
            e -> {
              assertThat(e.code()).isEqualTo(403);
              assertThat(e.message()).contains("disabled");
            });
    admin()
        .get("/admin/v1/clients/team-blue")
        .then()
        .statusCode(200)
        .body("disabled", equalTo(true));

    admin().delete("/admin/v1/clients/team-blue").then().statusCode(204);
    assertCode(() -> sdk.models.generateContent("gemini-2.5-flash-lite", "Hi", null), 400);
    admin().get("/admin/v1/clients/team-blue").then().statusCode(404);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                audit.events().stream()
                    .filter(
                        e ->
                            e.type() == AuthEventType.POLICY_CHANGED
                                && e.subject().equals("client team-blue"))
                    .map(e -> e.attributes().get("action"))
                    .toList()
                    .containsAll(java.util.List.of("created", "updated", "disabled", "deleted")));
    assertThat(audit.rawBodies()).doesNotContain(key);
  }

  @Test
  void badRequests_sayWhichField_andChangeNothing_configuredClientsChangeOnlyInConfig() {
    String before = admin().get("/admin/v1/clients").then().statusCode(200).extract().asString();
    assertThat(before).contains("\"name\":\"sdk-app\"").contains("\"source\":\"configuration\"");

    refused("{\"name\":\"Team Red\",\"models\":[\"*\"]}", "name");
    refused("{\"name\":\"team-red\"}", "models");
    refused("{\"name\":\"team-red\",\"models\":[\"gemini flash\"]}", "models");
    refused(
        "{\"name\":\"team-red\",\"models\":[\"*\"],\"requestsPerMinute\":0}", "requestsPerMinute");
    refused("{\"name\":\"team-red\",\"models\":[\"*\"],\"maxConcurrent\":-1}", "maxConcurrent");
    refused(
        "{\"name\":\"team-red\",\"models\":[\"*\"],\"dailyTokenBudget\":-5}", "dailyTokenBudget");
    admin()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"team-red\",\"models\":[\"*\"],\"unknownField\":1}")
        .post("/admin/v1/clients")
        .then()
        .statusCode(400)
        .body("error.status", equalTo("INVALID_ARGUMENT"));
    admin()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"sdk-app\",\"models\":[\"*\"]}")
        .post("/admin/v1/clients")
        .then()
        .statusCode(409)
        .body("error.status", equalTo("ALREADY_EXISTS"));
    admin()
        .contentType(ContentType.JSON)
        .body("{\"requestsPerMinute\":5}")
        .patch("/admin/v1/clients/sdk-app")
        .then()
        .statusCode(400)
        .body("error.status", equalTo("FAILED_PRECONDITION"));
    admin().delete("/admin/v1/clients/no-such-team").then().statusCode(404);
    admin().post("/admin/v1/clients/sdk-app:explode").then().statusCode(404);

    assertThat(admin().get("/admin/v1/clients").then().extract().asString()).isEqualTo(before);
  }

  private static void refused(String body, String field) {
    admin()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/admin/v1/clients")
        .then()
        .statusCode(400)
        .body("error.status", equalTo("INVALID_ARGUMENT"))
        .body("error.details[0].fieldViolations[0].field", equalTo(field));
  }

  private static void assertCode(Runnable call, int code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  private static RequestSpecification admin() {
    return given().header(AdminAuth.KEY_HEADER, ADMIN_KEY);
  }
}
