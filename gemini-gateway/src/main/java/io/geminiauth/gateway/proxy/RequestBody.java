package io.geminiauth.gateway.proxy;

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
}
