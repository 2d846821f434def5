package io.geminiauth.token.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.geminiauth.common.error.Causes;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleStatus;
import io.geminiauth.common.error.RouteErrors;
import io.geminiauth.common.error.RouteFailures;
import io.geminiauth.token.broker.TokenIssuer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * {@code POST /v1/tokens}, the hot path, as a Vert.x route on the service's HTTP server rather than
 * a JAX-RS resource: a cached token is handed out without the REST layer's per-request work, which
 * measured at half the cost of a request (README, Performance). Same contract, same errors in
 * Google's shape; its OpenAPI description is in {@code META-INF/openapi.yaml}.
 */
@ApplicationScoped
public class TokenRoute {
  private static final Logger LOG = Logger.getLogger(TokenRoute.class);
  public static final String PATH = "/v1/tokens";
  static final int MAX_BODY_BYTES = 64 * 1024;
  private static final String JSON = "application/json";

  private final CallerAuthenticator authenticator;
  private final TokenIssuer issuer;
  private final ObjectMapper mapper;
  // Bound once: resolving the type per request shows in profiles of the hot path.
  private final ObjectReader requestReader;
  private final ObjectWriter responseWriter;
  private final Clock clock;

  public TokenRoute(
      CallerAuthenticator authenticator, TokenIssuer issuer, ObjectMapper mapper, Clock clock) {
    this.authenticator = authenticator;
    this.issuer = issuer;
    this.mapper = mapper;
    this.requestReader = mapper.readerFor(TokenRequest.class);
    this.responseWriter = mapper.writerFor(TokenResponse.class);
    this.clock = clock;
  }

  void register(@Observes Router router) {
    // Before the REST layer's routes, so this path never reaches JAX-RS.
    // Its own route, first: a body handler must come first on the route that reads the body.
    router.post(PATH).order(-11).handler(this::jsonOnly);
    router
        .post(PATH)
        .order(-10)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::handle)
        .failureHandler(this::failed);
    // Any other method on the path: 405 with Allow, not the REST layer's 404.
    router
        .route(PATH)
        .order(-9)
        .handler(
            ctx -> {
              ctx.response().putHeader("Allow", "POST");
              RouteErrors.write(
                  ctx,
                  mapper,
                  GoogleError.methodNotAllowed(ctx.request().method().name(), PATH, "POST"),
                  null);
            });
  }

  /** A body that is not JSON (a form, a multipart upload) is refused before it is read. */
  private void jsonOnly(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || type.regionMatches(true, 0, JSON, 0, JSON.length())) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Connection", "close");
    RouteErrors.write(
        ctx,
        mapper,
        GoogleError.of(
                GoogleStatus.INVALID_ARGUMENT,
                "Unsupported content type; send the request as application/json.")
            .withCode(415),
        null);
  }

  private void handle(RoutingContext ctx) {
    String ip =
        ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    String userAgent = ctx.request().getHeader("User-Agent");
    String key = ctx.request().getHeader(CallerAuthenticator.KEY_HEADER);
    if (key != null && !key.isBlank()) {
      Caller caller;
      try {
        caller = authenticator.byKey(key, ip, userAgent);
      } catch (GoogleApiException e) {
        error(ctx, e);
        return;
      }
      issue(ctx, caller, ip, userAgent);
    } else {
      authenticator
          .byAuthorization(ctx.request().getHeader("Authorization"), ip, userAgent)
          .subscribe()
          .with(caller -> issue(ctx, caller, ip, userAgent), e -> error(ctx, e));
    }
  }

  private void issue(RoutingContext ctx, Caller caller, String ip, String userAgent) {
    TokenRequest request;
    try {
      request = parse(ctx.body().buffer());
      request.validate();
    } catch (GoogleApiException e) {
      error(ctx, e);
      return;
    }
    issuer
        .issue(
            caller.name(),
            request.serviceAccount(),
            request.scopes(),
            request.refusedToken(),
            ip,
            userAgent)
        .whenComplete(
            (token, failure) -> {
              if (failure != null) {
                error(ctx, failure);
              } else {
                write(ctx, TokenResponse.of(token, clock.instant()));
              }
            });
  }

  private TokenRequest parse(Buffer body) {
    TokenRequest request = null;
    try {
      request = body == null ? null : requestReader.readValue(body.getBytes());
    } catch (IOException e) {
      // Jackson's message quotes the input: say only what was expected.
    }
    if (request == null) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "The body must be a JSON object with serviceAccount and scopes."));
    }
    return request;
  }

  /** The body handler's refusals (a body over the limit) in Google's shape. */
  private void failed(RoutingContext ctx) {
    if (ctx.statusCode() == 413) {
      error(
          ctx,
          new GoogleApiException(
              GoogleError.of(
                  GoogleStatus.INVALID_ARGUMENT,
                  "The request body is larger than " + MAX_BODY_BYTES + " bytes.")));
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // Another refusal of the HTTP layer (a request it cannot read): the shared answer.
      RouteErrors.write(ctx, mapper, RouteFailures.errorFor(ctx.statusCode(), ctx.failure()), null);
    } else {
      error(ctx, ctx.failure());
    }
  }

  private void error(RoutingContext ctx, Throwable failure) {
    Throwable cause = Causes.completionCause(failure);
    if (cause instanceof GoogleApiException g) {
      RouteErrors.write(ctx, mapper, g.error(), g.retryAfter().orElse(null));
      return;
    }
    LOG.error("Unexpected error while handing out a token", cause);
    RouteErrors.write(ctx, mapper, GoogleError.internal("Internal error encountered."), null);
  }

  private void write(RoutingContext ctx, TokenResponse body) {
    byte[] bytes;
    try {
      bytes = responseWriter.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    ctx.response().putHeader("Content-Type", JSON).end(Buffer.buffer(bytes));
  }
}
