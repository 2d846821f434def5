package io.geminiauth.gateway;

import static io.geminiauth.gateway.GatewayStandIn.CLIENT_KEY;
import static io.geminiauth.gateway.GatewayStandIn.emulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ClientException;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.Model;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The official GenAI SDK and raw REST through the gateway, the emulator behind it. */
@QuarkusTest
@QuarkusTestResource(GatewayStandIn.class)
class GatewayPassThroughTest {
  static final String GENERATE = "/v1beta/models/gemini-2.5-flash:generateContent";
  static final String STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";
  static final String BODY =
      "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello\"}]}]}";

  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @AfterEach
  void clearFaults() {
    GatewayStandIn.clearFaultsAndBreakers();
  }

  Client sdk(String key) {
    return GatewayStandIn.sdk(port, key);
  }

  /**
   * A call with an empty model name (a malformed path) is answered alone: it does not make every
   * call without a model (lists, uploads) unserved afterwards. (Found by the fuzz campaign: the
   * routing cache took the two for one.)
   */
  @Test
  void emptyModelName_refused_modelLessCallsStillServed() {
    io.restassured.RestAssured.given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType("application/json")
        .body("{\"contents\":[{\"parts\":[{\"text\":\"Hi\"}]}]}")
        .post("/v1beta/models/:noSuchMethod")
        .then()
        .statusCode(
            org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                .and(org.hamcrest.Matchers.lessThan(500)));
    io.restassured.RestAssured.given()
        .header("x-goog-api-key", CLIENT_KEY)
        .get("/v1beta/models?pageSize=2")
        .then()
        .statusCode(200);
  }

  @Test
  void sdk_generateCountEmbedListGet_allThroughTheGateway() {
    Client client = sdk(CLIENT_KEY);
    GenerateContentResponse response =
        client.models.generateContent("gemini-2.5-flash", "Say hello", null);
    assertThat(response.text()).contains("Say hello");
    assertThat(client.models.countTokens("gemini-2.5-flash", "Say hello", null).totalTokens())
        .isPresent();
    assertThat(
            client
                .models
                .embedContent("gemini-embedding-001", "Say hello", null)
                .embeddings()
                .orElseThrow())
        .isNotEmpty();
    Model model = client.models.get("gemini-2.5-flash", null);
    assertThat(model.name()).contains("models/gemini-2.5-flash");
    List<String> names = new ArrayList<>();
    client.models.list(null).forEach(m -> names.add(m.name().orElse("")));
    assertThat(names).contains("models/gemini-2.5-flash");
  }

  @Test
  void sdk_stream_everyChunkRelayed() {
    List<String> texts = new ArrayList<>();
    try (ResponseStream<GenerateContentResponse> stream =
        sdk(CLIENT_KEY).models.generateContentStream("gemini-2.5-flash", "Say hello", null)) {
      stream.forEach(r -> texts.add(r.text()));
    }
    assertThat(texts).hasSize(4);
    assertThat(String.join("", texts)).contains("Say hello");
  }

  @Test
  void sdk_wrongKey_clientExceptionWithGooglesReason() {
    assertThatThrownBy(
            () -> sdk("gwk_not_a_client").models.generateContent("gemini-2.5-flash", "x", null))
        .isInstanceOfSatisfying(
            ClientException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.message()).contains("API key not valid").contains("API_KEY_INVALID");
            });
  }

  @Test
  void inventedModelAndMethodNames_addNoMetricSeries_servedModelsKeepTheirLabel() {
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(GENERATE)
        .then()
        .statusCode(200);
    for (int i = 0; i < 40; i++) {
      // Every name fits the upstreams' model pattern, and Google does not know any of them.
      given()
          .header("x-goog-api-key", CLIENT_KEY)
          .contentType(ContentType.JSON)
          .body(BODY)
          .post("/v1beta/models/gemini-2.5-flash-invented-" + i + ":generateContent")
          .then()
          .statusCode(404);
      given()
          .header("x-goog-api-key", CLIENT_KEY)
          .contentType(ContentType.JSON)
          .body(BODY)
          .post("/v1beta/models/gemini-2.5-flash:inventedMethod" + i)
          .then()
          .statusCode(404);
    }
    List<String> series =
        given()
            .get("/q/metrics")
            .asString()
            .lines()
            .filter(l -> l.startsWith("gateway_request_seconds_count{"))
            .toList();
    assertThat(series).noneMatch(l -> l.contains("invented"));
    assertThat(series).anyMatch(l -> l.contains("model=\"gemini-2.5-flash\""));
    assertThat(series)
        .anyMatch(
            l ->
                l.contains("model=\"other\"")
                    && l.contains("method=\"generateContent\"")
                    && l.contains("status=\"404\""));
    assertThat(series).anyMatch(l -> l.contains("method=\"other\""));
  }

  @Test
  void rest_keyInQuery_acceptedAndNotForwarded_missingKeyRefused() {
    given()
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(GENERATE + "?key=" + CLIENT_KEY)
        .then()
        .statusCode(200)
        .body("candidates[0].content.role", equalTo("model"));
    // The emulator knows only the gateway's upstream key: the client's key never reached it, or
    // the call above would have failed there with API_KEY_INVALID.
    given()
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(GENERATE)
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"));
  }

  @Test
  void rest_wrongMethodOnModelPaths_405WithAllowNothingSent() {
    long before = emulator.counter("generateContent");
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .get(GENERATE)
        .then()
        .statusCode(405)
        .header("Allow", "POST")
        .body("error.code", equalTo(405))
        .body("error.status", equalTo("INVALID_ARGUMENT"))
        .body("error.message", containsString("use POST"));
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post("/v1beta/models/gemini-2.5-flash")
        .then()
        .statusCode(405)
        .header("Allow", "GET")
        .body("error.code", equalTo(405));
    assertThat(emulator.counter("generateContent")).isEqualTo(before);
  }

  @Test
  void rest_bodyOverLimit_413BeforeAnythingIsSent() {
    long before = emulator.counter("generateContent");
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .contentType(ContentType.JSON)
        .body("{\"contents\":[{\"parts\":[{\"text\":\"" + "x".repeat(120_000) + "\"}]}]}")
        .post(GENERATE)
        .then()
        .statusCode(413)
        .body("error.code", equalTo(413))
        .body("error.status", equalTo("INVALID_ARGUMENT"))
        .body("error.message", org.hamcrest.Matchers.containsString("limit of 100000 bytes"));
    assertThat(emulator.counter("generateContent")).isEqualTo(before);
  }

  /** A chunked body announces no size: the limit is found while reading, with the same 413. */
  @Test
  void rest_chunkedBodyOverLimit_413BeforeAnythingIsSent() throws Exception {
    long before = emulator.counter("generateContent");
    byte[] big =
        ("{\"contents\":[{\"parts\":[{\"text\":\"" + "y".repeat(150_000) + "\"}]}]}")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + GENERATE))
                    .header("x-goog-api-key", CLIENT_KEY)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream(big)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("\"status\":\"INVALID_ARGUMENT\"");
    assertThat(emulator.counter("generateContent")).isEqualTo(before);
  }

  /**
   * The resumable upload protocol: Google's answer to "start" names the URL for the bytes; the
   * gateway points it back at itself, so the client sends them with its own key to the gateway,
   * which relays them with its Google credential.
   */
  @Test
  void upload_resumable_uploadUrlPointsAtTheGateway_bytesRelayed() {
    String url = GatewayStandIn.startUpload(CLIENT_KEY);
    // The origin the client called (rest-assured's base URI), not Google's.
    assertThat(url)
        .startsWith(io.restassured.RestAssured.baseURI + ":" + port + "/upload/")
        .contains("upload_id=");

    GatewayStandIn.finishUpload(CLIENT_KEY, url.substring(url.indexOf("/upload/")))
        .then()
        .statusCode(200)
        .header("X-Goog-Upload-Status", "final")
        .body("file.sizeBytes", equalTo("13"))
        .body("file.state", equalTo("ACTIVE"));
  }

  /**
   * An upload session lives in the project of the upstream that started it (rotation, first in
   * order for files): the gateway's upload URL names that upstream, and the bytes follow it; sent
   * to another upstream, whose project does not know the session, they would be refused.
   */
  @Test
  void upload_sessionPinnedToTheUpstreamThatStartedIt() {
    String url = GatewayStandIn.startUpload(CLIENT_KEY);
    assertThat(url).contains("gateway_upstream=rotation");
    String path = url.substring(url.indexOf("/upload/"));
    GatewayStandIn.finishUpload(
            CLIENT_KEY, path.replace("gateway_upstream=rotation", "gateway_upstream=primary"))
        .then()
        .statusCode(404)
        .body("error.status", equalTo("NOT_FOUND"));
    GatewayStandIn.finishUpload(
            CLIENT_KEY, path.replace("gateway_upstream=rotation", "gateway_upstream=gone"))
        .then()
        .statusCode(404)
        .body("error.message", containsString("start the upload again"));
    GatewayStandIn.finishUpload(CLIENT_KEY, path)
        .then()
        .statusCode(200)
        .header("X-Goog-Upload-Status", "final");
    // Only an upload follows the pin: another call keeps the gateway's routing, and the pin does
    // not go upstream (the emulator would not mind it; the gateway's own 404 would show).
    given()
        .header("x-goog-api-key", CLIENT_KEY)
        .get("/v1beta/models/gemini-2.5-flash?gateway_upstream=gone")
        .then()
        .statusCode(200);
  }

  @Test
  void stream_upstreamErrorMidStream_reachesClientAsErrorEvent() throws Exception {
    emulator.post(
        "/emulator/faults", "{\"route\":\"streamGenerateContent\",\"streamBreakAfter\":1}");
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(streamRequest(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> events = response.body().lines().filter(l -> l.startsWith("data: ")).toList();
    assertThat(events).hasSize(2);
    assertThat(events.get(1)).contains("\"error\"");
  }

  /**
   * The upstream sends one event and then stalls: a relaying gateway delivers that event at once (a
   * buffering one never would); the client then hangs up, and the upstream request is cancelled.
   */
  @Test
  void stream_eventsRelayedAsTheyArrive_clientHangUpCancelsUpstream() throws Exception {
    emulator.post(
        "/emulator/faults", "{\"route\":\"streamGenerateContent\",\"streamStallAfter\":1}");
    long cancelledBefore = emulator.counter("streamGenerateContent.cancelled");
    HttpResponse<java.io.InputStream> response =
        HttpClient.newHttpClient().send(streamRequest(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.headers().firstValue("content-type").orElse(""))
        .startsWith("text/event-stream");
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    String first = reader.readLine();
    assertThat(first).startsWith("data: {");
    reader.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> emulator.counter("streamGenerateContent.cancelled") > cancelledBefore);
  }

  /**
   * The upstream sends one event and then goes silent: after the idle timeout (2 s here) the client
   * gets Google's DEADLINE_EXCEEDED as a last event, the stream ends, and the upstream request is
   * cancelled.
   */
  @Test
  void stream_upstreamSilentPastIdleTimeout_endsWithDeadlineExceededEvent() throws Exception {
    emulator.post(
        "/emulator/faults", "{\"route\":\"streamGenerateContent\",\"streamStallAfter\":1}");
    long cancelledBefore = emulator.counter("streamGenerateContent.cancelled");
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(streamRequest(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> events = response.body().lines().filter(l -> l.startsWith("data: ")).toList();
    assertThat(events).hasSize(2);
    assertThat(events.get(0)).contains("\"candidates\"");
    assertThat(events.get(1))
        .contains("\"code\":504")
        .contains("\"status\":\"DEADLINE_EXCEEDED\"")
        .contains("sent nothing for 2 s");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> emulator.counter("streamGenerateContent.cancelled") > cancelledBefore);
  }

  private HttpRequest streamRequest() {
    return GatewayStandIn.post(port, STREAM, CLIENT_KEY, BODY, Duration.ofSeconds(20));
  }
}
