package io.geminiauth.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Malformed HTTP/1.1 requests, generated from valid ones with a seeded {@link Random}, so that a
 * campaign is reproducible from its seed: broken and mistyped JSON bodies, wrong content types, bad
 * percent escapes and odd paths, out-of-range parameters, oversized and invalid headers, lying
 * lengths and unknown methods. Written as raw bytes: an HTTP client library would refuse to send
 * most of them.
 */
public final class MalformedRequests {
  /** A request to send: what it is (for the report) and its bytes. */
  public record Request(String what, byte[] bytes) {}

  private static final List<String> JSON_VALUES =
      List.of(
          "null",
          "[]",
          "{}",
          "\"\"",
          "\"x\"",
          "1.5",
          "-1",
          "0",
          "9223372036854775808",
          "1e999",
          "true",
          "\"\\u0000\"",
          "\"\\ud800\"",
          "[null]",
          "{\"a\":",
          "\"" + "A".repeat(70_000) + "\"");
  private static final List<String> BODIES =
      List.of(
          "",
          "null",
          "[]",
          "[null]",
          "1",
          "\"text\"",
          "{",
          "{\"a\":1,}",
          "not json at all",
          "{\"a\":1}{\"b\":2}",
          "[".repeat(5_000) + "]".repeat(5_000),
          "{\"a\":\"\u0000\"}",
          "\uFEFF{}",
          "{\"__proto__\":{}}");
  private static final List<String> PATH_TAILS =
      List.of(
          "%",
          "%zz",
          "%e9",
          "%00",
          "%2e%2e/%2e%2e/etc/passwd",
          "//",
          "/../../",
          ":",
          "::",
          "%3A",
          "/\u00e9t\u00e9",
          ";jsessionid=1",
          "~",
          "x".repeat(9_000),
          "%ff%fe",
          "*",
          "?a=%",
          "?limit=%zz",
          "#frag");
  private static final List<String> PARAM_VALUES =
      List.of(
          "abc",
          "-1",
          "0",
          "99999999999999999999",
          "1.5",
          "",
          "%00",
          "%zz",
          "1e9",
          "NaN",
          "99999999999999999d",
          "P1D",
          "-P1D",
          "x".repeat(5_000),
          "2026-13-45T99:99:99Z",
          "null");
  private static final List<String> CONTENT_TYPES =
      List.of(
          "text/plain",
          "application/xml",
          "multipart/form-data; boundary=x",
          "application/x-www-form-urlencoded",
          "application/json; charset=ebcdic",
          "application/json; charset=utf-16",
          "*/*",
          "",
          "application/x-ndjson",
          "application");
  private static final List<String> METHODS =
      List.of("PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "FOO", "GET", "POST");

  private final Random random;
  private final String host;

  public MalformedRequests(long seed, String host) {
    this.random = new Random(seed);
    this.host = host;
  }

  /** The next malformed request, derived from {@code endpoint}. */
  public Request next(Endpoint endpoint) {
    String method = endpoint.method();
    String path = endpoint.path();
    Map<String, String> headers = new LinkedHashMap<>(endpoint.headers());
    String body = endpoint.body();
    String what;
    switch (random.nextInt(9)) {
      case 0 -> {
        body = body == null ? pick(BODIES) : mutateJson(body);
        what = "body";
      }
      case 1 -> {
        body = pick(BODIES);
        what = "body replaced";
      }
      case 2 -> {
        headers.put("Content-Type", pick(CONTENT_TYPES));
        what = "content type";
      }
      case 3 -> {
        path = path(path);
        what = "path";
      }
      case 4 -> {
        path = param(path);
        what = "parameter";
      }
      case 5 -> {
        method = pick(METHODS);
        what = "method";
      }
      case 6 -> {
        headers.put(headerName(), headerValue());
        what = "header";
      }
      case 7 -> {
        headers.replaceAll((k, v) -> isCredential(k) ? mangle(v) : v);
        what = "credential";
      }
      default -> {
        // Lengths that lie, or a chunked body that is not.
        if (random.nextBoolean()) {
          headers.put("Transfer-Encoding", "chunked");
          headers.put("X-Fuzz-Raw-Chunked", "zz\r\n");
        } else {
          headers.put("Content-Length", Integer.toString(random.nextInt(3)));
        }
        body = body == null ? "{}" : body;
        what = "framing";
      }
    }
    return new Request(
        what + ": " + method + " " + abbreviate(path), bytes(method, path, headers, body));
  }

  private String mutateJson(String body) {
    // Replace one value of the valid body (a string, number, array or object) by a wrong one.
    int colon = body.indexOf(':', random.nextInt(Math.max(1, body.length())));
    if (colon < 0) {
      colon = body.indexOf(':');
    }
    if (colon < 0) {
      return pick(BODIES);
    }
    int end = valueEnd(body, colon + 1);
    String mutated = body.substring(0, colon + 1) + pick(JSON_VALUES) + body.substring(end);
    return random.nextInt(5) == 0
        ? mutated.substring(0, random.nextInt(mutated.length()))
        : mutated;
  }

  private static int valueEnd(String body, int from) {
    int depth = 0;
    boolean inString = false;
    for (int i = from; i < body.length(); i++) {
      char c = body.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0) {
          return i;
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return body.length();
  }

  private String path(String path) {
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    String tail = pick(PATH_TAILS);
    return random.nextBoolean()
        ? bare + tail
        : bare.substring(0, random.nextInt(bare.length() + 1)) + tail;
  }

  private String param(String path) {
    int query = path.indexOf('?');
    String name;
    if (query >= 0 && random.nextBoolean()) {
      String[] pairs = path.substring(query + 1).split("&");
      name = pairs[random.nextInt(pairs.length)].split("=")[0];
    } else {
      name =
          pick(List.of("limit", "pageSize", "pageToken", "interval", "from", "to", "alt", "key"));
    }
    return path + (query < 0 ? "?" : "&") + name + "=" + pick(PARAM_VALUES);
  }

  private String headerName() {
    return pick(
        List.of(
            "X-Big",
            "Authorization",
            "x-goog-api-key",
            "Content-Length",
            "Host",
            "Accept",
            "Accept-Encoding",
            "X-Forwarded-For",
            "Bad Header",
            "x-goog-upload-protocol"));
  }

  private String headerValue() {
    return pick(
        List.of(
            "x".repeat(20_000),
            "",
            "Bearer",
            "Bearer " + "a".repeat(9_000),
            "-1",
            "abc",
            "\u00e9\u00e8",
            "gzip, br",
            "10.0.0.1, 10.0.0.2",
            "resumable"));
  }

  private static boolean isCredential(String header) {
    String h = header.toLowerCase(java.util.Locale.ROOT);
    return h.equals("authorization") || h.contains("key");
  }

  private String mangle(String value) {
    return switch (random.nextInt(4)) {
      case 0 -> "";
      case 1 -> value.substring(0, value.length() / 2);
      case 2 -> value + "\u00ff";
      default -> "Bearer " + value;
    };
  }

  private byte[] bytes(String method, String path, Map<String, String> headers, String body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] content = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    String rawChunk = headers.remove("X-Fuzz-Raw-Chunked");
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    if (!headers.containsKey("Host")) {
      head.append("Host: ").append(host).append("\r\n");
    }
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    if (content != null && rawChunk == null && !headers.containsKey("Content-Length")) {
      head.append("Content-Length: ").append(content.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (rawChunk != null) {
      out.writeBytes(rawChunk.getBytes(StandardCharsets.ISO_8859_1));
    } else if (content != null) {
      out.writeBytes(content);
    }
    return out.toByteArray();
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…(" + text.length() + ")" : text;
  }
}
