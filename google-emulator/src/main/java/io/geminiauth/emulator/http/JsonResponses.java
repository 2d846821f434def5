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

  /** A request body as JSON (an empty body reads as {@code {}}); Google's 400 when it is not. */
  public com.fasterxml.jackson.databind.JsonNode readBody(Buffer body) {
    if (body == null || body.length() == 0) {
      return mapper.createObjectNode();
    }
    try {
      return mapper.readTree(body.getBytes());
    } catch (java.io.IOException e) {
      throw new GoogleApiException(
          GoogleError.invalidArgument("Invalid JSON payload received. Unexpected token."));
    }
  }

  public Buffer bytes(Object body) {
    try {
      return Buffer.buffer(mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write a response", e);
    }
  }
}
