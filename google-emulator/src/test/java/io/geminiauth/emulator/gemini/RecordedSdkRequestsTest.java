package io.geminiauth.emulator.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import io.geminiauth.emulator.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Replays every request the official GenAI SDKs (Java 1.70.0, JS 3.1.0) really sent, as recorded in
 * {@code shared/reference/sdk-requests.txt}, headers and bodies verbatim, and checks each gets the
 * answer of its scenario: happy path 200, {@code flaky-*} 429 twice then 200, {@code badkey-*} 400
 * API_KEY_INVALID, {@code midstreamerror-*} one chunk then an error event.
 */
@QuarkusTest
class RecordedSdkRequestsTest {
  private static final Set<String> NOT_REPLAYED =
      Set.of("host", "content-length", "connection", "accept-encoding");

  @TestHTTPResource("/")
  URL base;

  record Recorded(String method, String path, List<String[]> headers, byte[] body) {}

  @Test
  void everyRecordedRequest_getsItsScenariosAnswer() throws Exception {
    List<Recorded> requests = parse();
    assertThat(requests).hasSizeGreaterThan(20);
    String bearer = Fixtures.accessToken(Fixtures.newAccount(), Fixtures.CLOUD_SCOPE);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Map<String, Integer> flakyCalls = new HashMap<>();
    String uploadUrl = null;
    int replayed = 0;

    for (Recorded recorded : requests) {
      if (recorded.path().startsWith("/gw/")) {
        continue; // a gateway's own path prefix, not a Google path
      }
      String path = recorded.path();
      if (path.contains("upload_id=FAKE-UPLOAD-ID")) {
        path = uploadUrl.substring(uploadUrl.indexOf("/upload/"));
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
              .method(recorded.method(), body(recorded));
      for (String[] header : recorded.headers()) {
        String value = header[1].replace("Bearer ya29.FAKE-TOKEN", "Bearer " + bearer);
        request.header(header[0], value);
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      replayed++;
      String what = recorded.method() + " " + recorded.path();
      String model = path.replaceAll(".*/models/([^:?/]+).*", "$1");

      if (header(recorded, "x-goog-api-key") == null && header(recorded, "Authorization") == null) {
        // Recorded without any credential: Google refuses it, and so must the emulator.
        assertThat(response.statusCode()).as(what).isEqualTo(403);
        assertThat(response.body()).as(what).contains("\"reason\":\"CREDENTIALS_MISSING\"");
      } else if (model.startsWith("flaky-")) {
        int call = flakyCalls.merge(model, 1, Integer::sum);
        assertThat(response.statusCode()).as(what).isEqualTo(call <= 2 ? 429 : 200);
        if (call <= 2) {
          assertThat(response.body()).as(what).contains("google.rpc.RetryInfo");
        }
      } else if (model.startsWith("badkey-")) {
        assertThat(response.statusCode()).as(what).isEqualTo(400);
        assertThat(response.body()).as(what).contains("\"reason\":\"API_KEY_INVALID\"");
      } else if (model.startsWith("midstreamerror-")) {
        assertThat(response.statusCode()).as(what).isEqualTo(200);
        String[] events = response.body().split("\r\n\r\n");
        assertThat(events).as(what).hasSize(2);
        assertThat(events[1]).as(what).startsWith("data: {\"error\":");
      } else {
        assertThat(response.statusCode()).as(what + " -> " + response.body()).isEqualTo(200);
        if (path.endsWith("alt=sse")) {
          assertThat(response.body()).as(what).startsWith("data: {\"candidates\"");
        }
      }
      if ("start".equals(header(recorded, "X-Goog-Upload-Command"))) {
        uploadUrl = response.headers().firstValue("X-Goog-Upload-URL").orElseThrow();
      }
    }
    assertThat(replayed).isEqualTo(requests.size() - 1);
  }

  private static HttpRequest.BodyPublisher body(Recorded recorded) {
    return recorded.body().length == 0
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(recorded.body());
  }

  private static String header(Recorded recorded, String name) {
    return recorded.headers().stream()
        .filter(h -> h[0].equalsIgnoreCase(name))
        .map(h -> h[1])
        .findFirst()
        .orElse(null);
  }

  /** Blocks between ruler lines: a request line, headers, a blank line, the body. */
  static List<Recorded> parse() throws IOException {
    String text;
    try (InputStream in = RecordedSdkRequestsTest.class.getResourceAsStream("/sdk-requests.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Recorded> requests = new ArrayList<>();
    for (String block : text.split("\n={20,}\n")) {
      String[] lines = block.split("\n", -1);
      if (lines.length == 0 || !lines[0].matches("\\d\\d:\\d\\d:\\d\\d [A-Z]+ \\S+ HTTP/1\\.1")) {
        continue;
      }
      String[] requestLine = lines[0].split(" ");
      List<String[]> headers = new ArrayList<>();
      int i = 1;
      for (; i < lines.length && !lines[i].isEmpty(); i++) {
        int colon = lines[i].indexOf(':');
        String name = lines[i].substring(0, colon).trim();
        if (!NOT_REPLAYED.contains(name.toLowerCase(Locale.ROOT))) {
          headers.add(new String[] {name, lines[i].substring(colon + 1).trim()});
        }
      }
      String body =
          String.join("\n", List.of(lines).subList(Math.min(i + 1, lines.length), lines.length))
              .strip();
      if (body.startsWith("<raw body> b'")) {
        body = body.substring("<raw body> b'".length(), body.length() - 1);
      }
      requests.add(
          new Recorded(
              requestLine[1], requestLine[2], headers, body.getBytes(StandardCharsets.UTF_8)));
    }
    return requests;
  }
}
