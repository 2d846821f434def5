package io.geminiauth.emulator.gemini;

import static io.geminiauth.emulator.Fixtures.CLOUD_SCOPE;
import static io.geminiauth.emulator.Fixtures.GEMINI_SCOPE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.geminiauth.emulator.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Gemini API's wire format and Google's refusals, byte for byte where it matters. */
@QuarkusTest
class GeminiApiTest {
  private static final String HELLO =
      "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello\"}]}]}";
  private static final String GENERATE = "/v1beta/models/gemini-2.5-flash:generateContent";

  private static String newKey(String json) {
    return given()
        .contentType("application/json")
        .body(json)
        .post("/emulator/api-keys")
        .then()
        .statusCode(200)
        .extract()
        .path("keyString");
  }

  private static String authKey() {
    return newKey("{\"type\":\"AUTH\"}");
  }

  @Test
  void generate_withKeyInHeaderOrQuery_answersRealShape() {
    String key = authKey();
    given()
        .header("x-goog-api-key", key)
        .contentType("application/json")
        .body(HELLO)
        .post(GENERATE)
        .then()
        .statusCode(200)
        .body("candidates[0].content.role", equalTo("model"))
        .body("candidates[0].finishReason", equalTo("STOP"))
        .body("usageMetadata.promptTokenCount", equalTo(3))
        .body("modelVersion", equalTo("gemini-2.5-flash"));
    given()
        .queryParam("key", key)
        .contentType("application/json")
        .body(HELLO)
        .post("/v1/models/gemini-2.5-flash:generateContent")
        .then()
        .statusCode(200);
  }

  @Test
  void modelPathWithoutMethod_404InGooglesShape_notA500() {
    String key = authKey();
    for (String path :
        new String[] {"/v1beta/models/gemini-2.5-flash:", "/v1beta/models/:generateContent"}) {
      given()
          .header("x-goog-api-key", key)
          .contentType("application/json")
          .body(HELLO)
          .post(path)
          .then()
          .statusCode(404)
          .body("error.status", equalTo("NOT_FOUND"));
    }
  }

  @Test
  void generate_withBearerToken_needsGeminiScope() {
    var keyFile = Fixtures.newAccount();
    given()
        .auth()
        .oauth2(Fixtures.accessToken(keyFile, CLOUD_SCOPE))
        .contentType("application/json")
        .body(HELLO)
        .post(GENERATE)
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(Fixtures.accessToken(keyFile, "https://www.googleapis.com/auth/drive"))
        .contentType("application/json")
        .body(HELLO)
        .post(GENERATE)
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"))
        .body("error.message", equalTo("Request had insufficient authentication scopes."))
        .body("error.details[0].reason", equalTo("ACCESS_TOKEN_SCOPE_INSUFFICIENT"));
  }

  @Test
  void generate_expiredOrUnknownBearer_401() {
    String token = Fixtures.accessToken(Fixtures.newAccount(), GEMINI_SCOPE);
    given()
        .contentType("application/json")
        .body("{\"advanceSeconds\":3600}")
        .post("/emulator/clock");
    try {
      given()
          .auth()
          .oauth2(token)
          .contentType("application/json")
          .body(HELLO)
          .post(GENERATE)
          .then()
          .statusCode(401)
          .body("error.status", equalTo("UNAUTHENTICATED"))
          .body("error.details[0].reason", equalTo("ACCESS_TOKEN_EXPIRED"));
    } finally {
      given().delete("/emulator/clock");
    }
    given()
        .auth()
        .oauth2("ya29.never-issued")
        .contentType("application/json")
        .body(HELLO)
        .post(GENERATE)
        .then()
        .statusCode(401)
        .body("error.details[0].reason", equalTo("ACCESS_TOKEN_TYPE_UNSUPPORTED"));
  }

  @Test
  void generate_withoutCredentials_403Unregistered() {
    given()
        .contentType("application/json")
        .body(HELLO)
        .post(GENERATE)
        .then()
        .statusCode(403)
        .body("error.message", startsWith("Method doesn't allow unregistered callers"));
  }

  @Test
  void apiKeys_rejectedTheWayGoogleRejectsThem() {
    String invalid =
        given()
            .header("x-goog-api-key", "AQ.unknown-key-value-0000000000")
            .contentType("application/json")
            .body(HELLO)
            .post(GENERATE)
            .then()
            .statusCode(400)
            .extract()
            .asString();
    assertThat(invalid)
        .isEqualTo(
            "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
                + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\",\"metadata\":{\"service\":\"generativelanguage.googleapis.com\"}},"
                + "{\"@type\":\"type.googleapis.com/google.rpc.LocalizedMessage\",\"locale\":\"en-US\","
                + "\"message\":\"API key not valid. Please pass a valid API key.\"}]}}");

    // Standard keys: refused since September 2026.
    given()
        .header("x-goog-api-key", newKey("{\"type\":\"STANDARD\"}"))
        .contentType("application/json")
        .body(HELLO)
        .post(GENERATE)
        .then()
        .statusCode(400)
        .body("error.details[0].reason", equalTo("API_KEY_INVALID"));
    // Restricted to another API.
    given()
        .header(
            "x-goog-api-key",
            newKey("{\"type\":\"AUTH\",\"apiTargets\":[\"translate.googleapis.com\"]}"))
        .contentType("application/json")
        .body(HELLO)
        .post(GENERATE)
        .then()
        .statusCode(403)
        .body("error.details[0].reason", equalTo("API_KEY_SERVICE_BLOCKED"))
        .body(
            "error.message",
            equalTo(
                "Requests to this API generativelanguage.googleapis.com method "
                    + "google.ai.generativelanguage.v1beta.GenerativeService.GenerateContent are blocked."));
    // Expired.
    given()
        .header(
            "x-goog-api-key", newKey("{\"type\":\"AUTH\",\"expireTime\":\"2020-01-01T00:00:00Z\"}"))
        .contentType("application/json")
        .body(HELLO)
        .post(GENERATE)
        .then()
        .statusCode(400)
        .body("error.message", equalTo("API key expired. Please renew the API key."));
    // Disabled through the admin API.
    var created =
        given()
            .contentType("application/json")
            .body("{\"type\":\"AUTH\"}")
            .post("/emulator/api-keys")
            .then()
            .extract();
    given()
        .post("/emulator/api-keys/{uid}/disable", created.path("uid").toString())
        .then()
        .statusCode(200);
    given()
        .header("x-goog-api-key", created.path("keyString").toString())
        .contentType("application/json")
        .body(HELLO)
        .post(GENERATE)
        .then()
        .statusCode(400)
        .body("error.details[0].reason", equalTo("API_KEY_INVALID"));
  }

  @Test
  void badRequests_getGoogles400s() {
    String key = authKey();
    given()
        .header("x-goog-api-key", key)
        .contentType("application/json")
        .body("{\"contents\":[]}")
        .post(GENERATE)
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo("* GenerateContentRequest.contents: contents is not specified\n"));
    given()
        .header("x-goog-api-key", key)
        .contentType("application/json")
        .body("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"temprature\":1}")
        .post(GENERATE)
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Invalid JSON payload received. Unknown name \"temprature\": Cannot find field."));
    given()
        .header("x-goog-api-key", key)
        .contentType("application/json")
        .body("{not json")
        .post(GENERATE)
        .then()
        .statusCode(400)
        .body("error.status", equalTo("INVALID_ARGUMENT"));
    given()
        .header("x-goog-api-key", key)
        .contentType("application/json")
        .body(HELLO)
        .post("/v1beta/models/gemini-embedding-001:generateContent")
        .then()
        .statusCode(404)
        .body(
            "error.message",
            startsWith(
                "models/gemini-embedding-001 is not found for API version v1beta, or is not supported for generateContent."));
  }

  @Test
  void unknownPathsAndBadAdminInput_answerInGoogleShape() {
    given()
        .get("/v1beta/no-such-resource")
        .then()
        .statusCode(404)
        .body("error.code", equalTo(404))
        .body("error.status", equalTo("NOT_FOUND"));
    given()
        .contentType("application/json")
        .body("{\"type\":\"PLATINUM\"}")
        .post("/emulator/api-keys")
        .then()
        .statusCode(400)
        .body("error.status", equalTo("INVALID_ARGUMENT"));
  }

  @Test
  void stream_sse_isDataEventsWithBlankLinesAndNoDone() {
    String body =
        given()
            .header("x-goog-api-key", authKey())
            .contentType("application/json")
            .body(HELLO)
            .post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")
            .then()
            .statusCode(200)
            .contentType("text/event-stream")
            .extract()
            .asString();

    Matcher events = Pattern.compile("data: (\\{.*?\\})\r\n\r\n").matcher(body);
    int count = 0;
    while (events.find()) {
      count++;
    }
    assertThat(count).isEqualTo(3);
    assertThat(body.replaceAll("data: \\{.*?\\}\r\n\r\n", "")).isEmpty();
    assertThat(body).doesNotContain("[DONE]");
    assertThat(body.substring(body.lastIndexOf("data: "))).contains("\"finishReason\":\"STOP\"");
  }

  @Test
  void stream_withoutSse_isAJsonArray() {
    Response response =
        given()
            .header("x-goog-api-key", authKey())
            .contentType("application/json")
            .body(HELLO)
            .post("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    response.then().statusCode(200).body("$", hasSize(3));
  }

  @Test
  void vertexPaths_serveBearerCallers() {
    String token = Fixtures.accessToken(Fixtures.newAccount(), CLOUD_SCOPE);
    given()
        .auth()
        .oauth2(token)
        .header("x-goog-user-project", "quota-proj")
        .contentType("application/json")
        .body(HELLO)
        .post(
            "/v1beta1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent")
        .then()
        .statusCode(200)
        .body("createTime", org.hamcrest.Matchers.notNullValue());
    given()
        .header("x-goog-api-key", authKey())
        .contentType("application/json")
        .body(HELLO)
        .post(
            "/v1beta1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent")
        .then()
        .statusCode(401);
  }

  @Test
  void files_resumableUpload_theFileIsItsProjectsOwn_alsoWhenAPromptNamesIt() {
    String key = newKey("{\"type\":\"AUTH\",\"project\":\"files-a\"}");
    String sameProject = newKey("{\"type\":\"AUTH\",\"project\":\"files-a\"}");
    String otherProject = newKey("{\"type\":\"AUTH\",\"project\":\"files-b\"}");
    String url = startUpload(key);
    String path = url.substring(url.indexOf("/upload/"));
    // Another project's key does not find the session, and leaves it usable.
    finishUpload(otherProject, path)
        .then()
        .statusCode(404)
        .body("error.status", equalTo("NOT_FOUND"));
    String name =
        finishUpload(key, path)
            .then()
            .statusCode(200)
            .header("X-Goog-Upload-Status", "final")
            .body("file.sizeBytes", equalTo("13"))
            .body("file.state", equalTo("ACTIVE"))
            .body("file.displayName", equalTo("probe.txt"))
            .extract()
            .path("file.name");

    given()
        .header("x-goog-api-key", sameProject)
        .get("/v1beta/" + name)
        .then()
        .statusCode(200)
        .body("name", equalTo(name));
    given()
        .header("x-goog-api-key", otherProject)
        .get("/v1beta/" + name)
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"))
        .body("error.message", containsString("or it may not exist"));
    String withFile =
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Summarise\"},"
            + "{\"fileData\":{\"mimeType\":\"text/plain\",\"fileUri\":\"https://generativelanguage.googleapis.com/v1beta/"
            + name
            + "\"}}]}]}";
    given()
        .header("x-goog-api-key", sameProject)
        .contentType("application/json")
        .body(withFile)
        .post("/v1beta/models/gemini-2.5-flash:generateContent")
        .then()
        .statusCode(200);
    given()
        .header("x-goog-api-key", otherProject)
        .contentType("application/json")
        .body(withFile)
        .post("/v1beta/models/gemini-2.5-flash:generateContent")
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"));
    given()
        .header("x-goog-api-key", otherProject)
        .get("/v1beta/files")
        .then()
        .statusCode(200)
        .body("files", hasSize(0));
  }

  private static String startUpload(String key) {
    Response start =
        given()
            .header("x-goog-api-key", key)
            .header("X-Goog-Upload-Protocol", "resumable")
            .header("X-Goog-Upload-Command", "start")
            .header("X-Goog-Upload-Header-Content-Length", "13")
            .header("X-Goog-Upload-Header-Content-Type", "text/plain")
            .contentType("application/json")
            .body("{\"file\":{\"displayName\":\"probe.txt\",\"mimeType\":\"text/plain\"}}")
            .post("/upload/v1beta/files");
    start.then().statusCode(200).header("X-Goog-Upload-Status", "active");
    return start.header("X-Goog-Upload-URL");
  }

  private static Response finishUpload(String key, String path) {
    return given()
        .header("x-goog-api-key", key)
        .header("X-Goog-Upload-Command", "upload, finalize")
        .header("X-Goog-Upload-Offset", "0")
        .contentType("application/octet-stream")
        .body("hello gateway".getBytes())
        .post(path);
  }
}
