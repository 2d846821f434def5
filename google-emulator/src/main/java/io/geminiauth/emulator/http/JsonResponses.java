package io.geminiauth.emulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.RetryAfter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes JSON answers and Google errors from the emulator's Vert.x routes. */
@ApplicationScoped
public class JsonResponses {
  public static final String JSON = "application/json; charset=UTF-8";

  private final ObjectMapper mapper;

  public JsonResponses(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public void ok(RoutingContext ctx, Object body) {
    send(ctx, 200, body);
  }

  public void send(RoutingContext ctx, int status, Object body) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("Content-Type", JSON).end(bytes(body));
  }

  public void error(RoutingContext ctx, GoogleError error) {
    send(ctx, error.httpStatus(), error);
  }

  public void error(RoutingContext ctx, GoogleApiException e) {
    e.retryAfter().ifPresent(d -> ctx.response().putHeader("Retry-After", RetryAfter.seconds(d)));
    error(ctx, e.error());
  }

  public Buffer bytes(Object body) {
    try {
      return Buffer.buffer(mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write a response", e);
    }
  }
}
