package io.geminiauth.emulator.fault;

import io.geminiauth.common.error.ErrorDetail;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleStatus;
import io.geminiauth.emulator.account.ApiKey;
import io.geminiauth.emulator.account.ApiKeyRegistry;
import io.geminiauth.emulator.http.JsonResponses;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * Runs before every route: counts the request and applies the next scripted fault for it, if any.
 * Faults that act inside a stream are handed to the route through the context.
 */
@ApplicationScoped
public class FaultInjectionFilter {
  /** Context key under which a stream fault is passed to the route that streams. */
  public static final String STREAM_FAULT = "emulator.stream-fault";

  private final FaultPlan plan;
  private final RequestCounters counters;
  private final JsonResponses json;
  private final Vertx vertx;
  private final ApiKeyRegistry keys;

  public FaultInjectionFilter(
      FaultPlan plan,
      RequestCounters counters,
      JsonResponses json,
      Vertx vertx,
      ApiKeyRegistry keys) {
    this.keys = keys;
    this.plan = plan;
    this.counters = counters;
    this.json = json;
    this.vertx = vertx;
  }

  void register(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE + 100).handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    // Decoded: some clients send the ':' of "model:method" as %3A.
    String path =
        java.net.URLDecoder.decode(ctx.normalizedPath(), java.nio.charset.StandardCharsets.UTF_8);
    RouteNames.Route route = RouteNames.of(ctx.request().method().name(), path);
    if (route == null) {
      ctx.next();
      return;
    }
    String keyUid = keyUid(ctx);
    counters.received(route.name(), route.model(), keyUid);
    Optional<Fault> fault = plan.next(route.name(), route.model(), keyUid);
    if (fault.isEmpty()) {
      ctx.next();
      return;
    }
    Fault f = fault.get();
    if (f.latency() > 0) {
      // Hold the body back while waiting, so the route still reads all of it.
      ctx.request().pause();
      vertx.setTimer(
          f.latency(),
          id -> {
            ctx.request().resume();
            apply(ctx, f);
          });
    } else {
      apply(ctx, f);
    }
  }

  /** The uid of the API key the request carries, if the emulator knows it. */
  private String keyUid(RoutingContext ctx) {
    String value = ctx.request().getHeader("x-goog-api-key");
    if (value == null) {
      value = ctx.request().getParam("key");
    }
    return keys.find(value).map(ApiKey::uid).orElse(null);
  }

  private void apply(RoutingContext ctx, Fault fault) {
    if (ctx.response().closed()) {
      return;
    }
    if (fault.drops()) {
      ctx.request().connection().close();
    } else if (fault.breaksStream()) {
      // The status, if any, is that of the error event sent mid-stream.
      ctx.put(STREAM_FAULT, fault);
      ctx.next();
    } else if (fault.answersWithError()) {
      if (fault.retryAfter() != null) {
        ctx.response().putHeader("Retry-After", Integer.toString(fault.retryAfter()));
      }
      if (fault.body() != null) {
        ctx.response()
            .setStatusCode(fault.status())
            .putHeader("Content-Type", JsonResponses.JSON)
            .end(fault.body());
      } else {
        json.send(ctx, fault.status(), errorFor(fault));
      }
    } else {
      ctx.next();
    }
  }

  /** The Google error body a fault answers with. */
  public static GoogleError errorFor(Fault fault) {
    // A stream break may name no status: Google's mid-stream errors are most often 500s.
    int code = fault.status() == null ? 500 : fault.status();
    GoogleStatus status = GoogleStatus.forHttpStatus(code);
    String message = fault.message() != null ? fault.message() : defaultMessage(code);
    GoogleError error = GoogleError.of(status, message).withCode(code);
    return fault.retryDelay() == null
        ? error
        : error.withDetail(new ErrorDetail.RetryInfo(fault.retryDelay()));
  }

  private static String defaultMessage(int status) {
    return switch (status) {
      case 408 -> "Request timed out.";
      case 429 -> "Resource has been exhausted (e.g. check quota).";
      case 500 -> "Internal error encountered.";
      case 502 -> "Bad gateway.";
      case 503 -> "The service is currently unavailable.";
      case 504 -> "Deadline exceeded.";
      default -> "Injected fault.";
    };
  }
}
