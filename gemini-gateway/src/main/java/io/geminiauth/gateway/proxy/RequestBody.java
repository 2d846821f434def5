package io.geminiauth.gateway.proxy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.gateway.GatewayErrors;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a client's request body whole, so that a retry can send the same bytes again, and refuses
 * one larger than the limit with 413, whether its size was announced or only found out while
 * reading (a chunked body).
 */
final class RequestBody {
  private RequestBody() {}

  /** Refuses at once a body whose announced Content-Length is over the limit. */
  static void checkAnnounced(HttpServerRequest in, long limit) {
    String length = in.getHeader("Content-Length");
    if (length == null) {
      return;
    }
    long bytes;
    try {
      bytes = Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      throw GatewayErrors.badContentLength();
    }
    if (bytes > limit) {
      throw GatewayErrors.tooLarge(limit);
    }
  }

  /** The body, or a failure with {@link GoogleApiException} (413) once it passes the limit. */
  static Future<Buffer> read(HttpServerRequest in, long limit) {
    Promise<Buffer> body = Promise.promise();
    Buffer buffer = Buffer.buffer();
    in.handler(
        chunk -> {
          if (buffer.length() + (long) chunk.length() > limit) {
            in.pause();
            body.tryFail(GatewayErrors.tooLarge(limit));
          } else {
            buffer.appendBuffer(chunk);
          }
        });
    in.exceptionHandler(body::tryFail);
    in.endHandler(v -> body.tryComplete(buffer));
    in.resume();
    return body.future();
  }

  /**
   * The model a body names at its top level ({@code "model": "models/gemini-2.5-flash"}, or a
   * Vertex AI publisher model's full name), without its prefix: what a cached content or a batch is
   * made for. Null when there is none or the body is no JSON object (Google will say so).
   */
  static String model(ObjectMapper mapper, Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try (JsonParser parser = mapper.getFactory().createParser(body.getBytes())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("model".equals(field) && value == JsonToken.VALUE_STRING) {
          String model = parser.getText();
          int at = model.lastIndexOf("models/");
          return at < 0 ? model : model.substring(at + "models/".length());
        }
        parser.skipChildren();
      }
      return null;
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
