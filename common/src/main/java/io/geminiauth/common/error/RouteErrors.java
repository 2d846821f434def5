package io.geminiauth.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Google's error body for Vert.x routes (the services' hot paths that skip JAX-RS), with the same
 * JSON and Retry-After as {@link GoogleErrorMappers} gives JAX-RS resources.
 */
public final class RouteErrors {
  private RouteErrors() {}

  /** Answers {@code ctx} with {@code error}, unless an answer has already begun. */
  public static void write(
      RoutingContext ctx, ObjectMapper mapper, GoogleError error, Duration retryAfter) {
    if (ctx.response().headWritten()) {
      return;
    }
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(error);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    if (retryAfter != null) {
      ctx.response().putHeader("Retry-After", RetryAfter.seconds(retryAfter));
    }
    ctx.response()
        .setStatusCode(error.httpStatus())
        .putHeader("Content-Type", "application/json; charset=UTF-8")
        .end(Buffer.buffer(body));
  }
}
