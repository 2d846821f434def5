package io.geminiauth.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What one malformed request got back, and what is wrong with it: a 5xx, no answer within the time
 * limit, an error that is not in Google's error JSON, or a stack trace in the body.
 *
 * @param status the HTTP status, -1 when no complete answer came (a hang) or the connection broke
 * @param body the body as text (chunked bodies decoded)
 * @param hung whether the time limit passed first
 */
public record Outcome(int status, String body, boolean hung) {
  private static final Pattern GOOGLE_ERROR =
      Pattern.compile(
          "(?s)\\A\\s*\\{\\s*\"error\"\\s*:\\s*\\{(?=.*\"code\"\\s*:\\s*\\d{3})"
              + "(?=.*\"message\"\\s*:\\s*\")(?=.*\"status\"\\s*:\\s*\"[A-Z_]+\").*");
  private static final Pattern STACK_TRACE =
      Pattern.compile(
          "(?s).*(\\tat [a-z]|\\bat (java|io|org|com)\\.[a-z]+\\.|Exception:|"
              + "\\.java:\\d+\\)).*");

  /** Whether an error answer is not Google's error JSON. A HEAD answer has no body to judge. */
  public boolean notGoogleShaped(String method) {
    return status >= 400 && !"HEAD".equals(method) && !GOOGLE_ERROR.matcher(body).matches();
  }

  /**
   * An empty 400, 413, 414 or 431, or a connection closed without an answer: what Vert.x and
   * Quarkus's HTTP layer send before any code of the service runs (a bad percent escape in the
   * query, an oversized line or header, a chunked body that is not). Counted apart: the services
   * cannot shape these answers yet.
   */
  public boolean fromHttpLayer() {
    return status < 0
        || (body.isEmpty() && (status == 400 || status == 413 || status == 414 || status == 431));
  }

  public boolean stackTrace() {
    return STACK_TRACE.matcher(body).matches();
  }

  public boolean serverError() {
    return status >= 500;
  }

  /** Parses a whole HTTP/1.1 answer read until the connection closed. */
  static Outcome parse(byte[] raw, boolean hung) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || headEnd < 0 || text.length() < 12) {
      return new Outcome(-1, text, hung);
    }
    int status;
    try {
      status = Integer.parseInt(text.substring(9, 12));
    } catch (NumberFormatException e) {
      return new Outcome(-1, text, hung);
    }
    String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
    byte[] body = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
    if (head.contains("\ntransfer-encoding: chunked")) {
      body = dechunk(body);
    }
    return new Outcome(status, new String(body, StandardCharsets.UTF_8), hung);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOfCrlf(chunked, at);
      if (lineEnd < 0) {
        break;
      }
      String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).trim();
      int length;
      try {
        length = Integer.parseInt(size.split(";")[0], 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (length == 0) {
        break;
      }
      int start = lineEnd + 2;
      out.write(chunked, start, Math.min(length, chunked.length - start));
      at = start + length + 2;
    }
    return out.toByteArray();
  }

  private static int indexOfCrlf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length - 1; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
