package io.geminiauth.gateway;

import static io.geminiauth.gateway.GatewayStandIn.CLIENT_KEY;
import static io.geminiauth.gateway.GatewayStandIn.OTHER_TEAM_KEY;
import static io.geminiauth.gateway.GatewayStandIn.PLATFORM_KEY;
import static io.geminiauth.gateway.GatewayStandIn.audit;
import static io.geminiauth.gateway.GatewayStandIn.emulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Teams sharing the gateway's upstream projects: a file is its maker's (others get Google's 403 and
 * never reach Google, listings show a team its own), Vertex AI calls stay in the upstream's project
 * and location, paths outside the Gemini API's calls are for project-wide clients only.
 */
@QuarkusTest
@QuarkusTestResource(GatewayStandIn.class)
class GatewayTenancyTest {
  static final String FLASH_LITE = "/v1beta/models/gemini-2.5-flash-lite:generateContent";

  @AfterEach
  void clearFaults() {
    GatewayStandIn.clearFaultsAndBreakers();
  }

  @Test
  void file_madeThroughTheGateway_isItsMakersOnly() {
    String name = uploadThroughGateway(CLIENT_KEY);
    long gets = emulator.counter("files.get");
    long deletes = emulator.counter("files.delete");
    long generated = emulator.counter("generateContent:gemini-2.5-flash-lite");

    given()
        .header("x-goog-api-key", OTHER_TEAM_KEY)
        .get("/v1beta/" + name)
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"))
        .body("error.message", containsString("You do not have permission to access " + name));
    given()
        .header("x-goog-api-key", OTHER_TEAM_KEY)
        .delete("/v1beta/" + name)
        .then()
        .statusCode(403);
    given()
        .header("x-goog-api-key", OTHER_TEAM_KEY)
        .contentType(ContentType.JSON)
        .body(promptNaming(name))
        .post(FLASH_LITE)
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"));
    assertThat(emulator.counter("files.get")).as("no get reached Google").isEqualTo(gets);
    assertThat(emulator.counter("files.delete")).as("no delete reached Google").isEqualTo(deletes);
    assertThat(emulator.counter("generateContent:gemini-2.5-flash-lite")).isEqualTo(generated);
    AuthEvent denied =
        audit.await(
            e ->
                e.type() == AuthEventType.ACCESS_DENIED
                    && "other-team".equals(e.principal())
                    && name.equals(e.subject()),
            Duration.ofSeconds(10));
    assertThat(denied.reason()).contains("another client");

    // The maker's calls go straight to the upstream holding the file (no other project asked).
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .get("/v1beta/" + name)
        .then()
        .statusCode(200)
        .body("name", equalTo(name));
    assertThat(emulator.counter("files.get")).as("one call, to its project").isEqualTo(gets + 1);
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType(ContentType.JSON)
        .body(promptNaming(name))
        .post(FLASH_LITE)
        .then()
        .statusCode(200)
        .body("candidates[0].content.role", equalTo("model"));
    assertThat(emulator.counter("generateContent:gemini-2.5-flash-lite")).isEqualTo(generated + 1);
  }

  @Test
  void fileList_showsATeamItsOwn_projectWideClientSeesAll() {
    String mine = uploadThroughGateway(CLIENT_KEY);
    String theirs = uploadThroughGateway(OTHER_TEAM_KEY);

    given()
        .header("x-goog-api-key", OTHER_TEAM_KEY)
        .get("/v1beta/files")
        .then()
        .statusCode(200)
        .body("files.name", hasItem(theirs))
        .body("files.name", not(hasItem(mine)));
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .get("/v1beta/files")
        .then()
        .statusCode(200)
        .body("files.name", hasItem(mine))
        .body("files.name", not(hasItem(theirs)));
    given()
        .header("x-goog-api-key", PLATFORM_KEY)
        .get("/v1beta/files")
        .then()
        .statusCode(200)
        .body("files.name", hasItem(mine))
        .body("files.name", hasItem(theirs));
  }

  @Test
  void fileDeleted_byItsMaker_isGoneForGood() {
    String name = uploadThroughGateway(OTHER_TEAM_KEY);
    given()
        .header("x-goog-api-key", OTHER_TEAM_KEY)
        .delete("/v1beta/" + name)
        .then()
        .statusCode(200);
    // Google has no such file any more, and the gateway no owner: the same 403 as for any other.
    given()
        .header("x-goog-api-key", OTHER_TEAM_KEY)
        .get("/v1beta/" + name)
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"));
  }

  /**
   * A file made at Google by another client of the project, not through the gateway: no team's, so
   * a team gets 403 without a call; a project-wide client finds it on its project's upstream (the
   * first in order, another project, answers 403 and the call moves on).
   */
  @Test
  void fileMadeOutsideTheGateway_onlyAProjectWideClientReachesIt() throws Exception {
    String name = uploadAtGoogle(GatewayStandIn.createKey().value());
    long gets = emulator.counter("files.get");
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .get("/v1beta/" + name)
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"));
    assertThat(emulator.counter("files.get")).isEqualTo(gets);

    given()
        .header("x-goog-api-key", PLATFORM_KEY)
        .get("/v1beta/" + name)
        .then()
        .statusCode(200)
        .body("name", equalTo(name));
    assertThat(emulator.counter("files.get")).as("rotation, then bearer").isEqualTo(gets + 2);
    long generated = emulator.counter("generateContent:gemini-2.5-flash-lite");
    given()
        .header("x-goog-api-key", PLATFORM_KEY)
        .contentType(ContentType.JSON)
        .body(promptNaming(name))
        .post(FLASH_LITE)
        .then()
        .statusCode(200);
    assertThat(emulator.counter("generateContent:gemini-2.5-flash-lite"))
        .as("rotation (403), then primary")
        .isEqualTo(generated + 2);
  }

  /** A team's allow-list holds for the model a cached content is made for, named in the body. */
  @Test
  void cachedContent_forAModelTheTeamMayNotCall_refusedBeforeGoogle() {
    given()
        .header("x-goog-api-key", OTHER_TEAM_KEY)
        .contentType(ContentType.JSON)
        .body("{\"model\":\"models/gemini-2.5-pro\",\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}")
        .post("/v1beta/cachedContents")
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"))
        .body("error.message", containsString("gemini-2.5-pro"));
  }

  /**
   * The Vertex upstream's token opens every project its account can reach: a client names only the
   * upstream's own project and location, and only the calls a Gemini client makes.
   */
  @Test
  void vertex_anotherProjectOrLocation_notServed_noTokenSpent() {
    String other =
        "/v1/projects/someone-elses/locations/us-central1/publishers/google/models/"
            + "gemini-2.5-flash:generateContent";
    String elsewhere =
        "/v1/projects/gw-project/locations/europe-west4/publishers/google/models/"
            + "gemini-2.5-flash:generateContent";
    long vertexCalls = emulator.counter("generateContent:gemini-2.5-flash");
    for (String path : List.of(other, elsewhere)) {
      given()
          .header("x-goog-api-key", PLATFORM_KEY)
          .contentType(ContentType.JSON)
          .body(GatewayPassThroughTest.BODY)
          .post(path)
          .then()
          .statusCode(404)
          .body("error.status", equalTo("NOT_FOUND"))
          .body("error.message", containsString("No Vertex AI upstream"));
    }
    assertThat(emulator.counter("generateContent:gemini-2.5-flash")).isEqualTo(vertexCalls);
    // Its own project and location are served.
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType(ContentType.JSON)
        .body(GatewayPassThroughTest.BODY)
        .post(other.replace("someone-elses", "gw-project"))
        .then()
        .statusCode(200);
  }

  @Test
  void pathOutsideTheGeminiApi_projectWideClientsOnly() {
    String endpoints = "/v1/projects/gw-project/locations/us-central1/endpoints";
    for (String path : List.of(endpoints, "/v1beta/tunedModels", "/v1beta/corpora")) {
      given()
          .header("x-goog-api-key", CLIENT_KEY)
          .get(path)
          .then()
          .statusCode(403)
          .body("error.status", equalTo("PERMISSION_DENIED"))
          .body("error.message", containsString("project-wide access"));
    }
    audit.await(
        e ->
            e.type() == AuthEventType.ACCESS_DENIED
                && ("GET " + endpoints).equals(e.subject())
                && "sdk-app".equals(e.principal()),
        Duration.ofSeconds(10));
    // A project-wide client's call goes to Google, which answers for itself.
    given()
        .header("x-goog-api-key", PLATFORM_KEY)
        .get("/v1beta/tunedModels")
        .then()
        .statusCode(404)
        .body("error.status", equalTo("NOT_FOUND"));
  }

  @Test
  void encodedSlashOrDotSegment_refusedForEveryClient() {
    for (String path :
        List.of(
            "/v1beta/files/abc%2F..%2FtunedModels",
            "/v1/projects/gw-project%2F..%2Fother/locations/us-central1/publishers/google/models/m",
            "/v1beta/models/../tunedModels/x")) {
      given()
          .header("x-goog-api-key", PLATFORM_KEY)
          .urlEncodingEnabled(false)
          .get(path)
          .then()
          .statusCode(400)
          .body("error.status", equalTo("INVALID_ARGUMENT"));
    }
  }

  private static String uploadThroughGateway(String key) {
    String url = GatewayStandIn.startUpload(key);
    return GatewayStandIn.finishUpload(key, url.substring(url.indexOf("/upload/")))
        .then()
        .statusCode(200)
        .extract()
        .path("file.name");
  }

  private static String promptNaming(String file) {
    return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Summarise\"},"
        + "{\"fileData\":{\"mimeType\":\"text/plain\",\"fileUri\":"
        + "\"https://generativelanguage.googleapis.com/v1beta/"
        + file
        + "\"}}]}]}";
  }

  /** Uploads a file straight to the emulator with {@code key}; its name ({@code files/…}). */
  private static String uploadAtGoogle(String key) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<Void> start =
        http.send(
            HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/upload/v1beta/files"))
                .header("x-goog-api-key", key)
                .header("X-Goog-Upload-Protocol", "resumable")
                .header("X-Goog-Upload-Command", "start")
                .header("X-Goog-Upload-Header-Content-Length", "13")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"file\":{\"mimeType\":\"text/plain\"}}"))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    String url = start.headers().firstValue("X-Goog-Upload-URL").orElseThrow();
    HttpResponse<String> done =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("x-goog-api-key", key)
                .header("X-Goog-Upload-Command", "upload, finalize")
                .header("X-Goog-Upload-Offset", "0")
                .POST(HttpRequest.BodyPublishers.ofString("hello gateway"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(done.statusCode()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(done.body())
        .path("file")
        .path("name")
        .asText();
  }
}
