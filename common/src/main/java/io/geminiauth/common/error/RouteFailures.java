package io.geminiauth.common.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Google's error JSON for what fails before a resource or route of ours runs: a request the HTTP
 * layer refuses (no Host header, a path that does not decode, a body over the size limit) or one
 * Quarkus REST cannot read (a Content-Type that is no media type). Without it Quarkus answers these
 * with its own body, in dev and test with a stack trace. Installed on every service's main router
 * after the routes' own failure handlers and before Quarkus's; the client never sees an exception's
 * text.
 */
@ApplicationScoped
public class RouteFailures {
  private static final Logger LOG = Logger.getLogger(RouteFailures.class);

  private final ObjectMapper mapper;

  public RouteFailures(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  void install(@Observes Router router) {
    // After the routes' own failure handlers (they say more), before Quarkus's, which is last.
    router.route().order(Integer.MAX_VALUE - 1).failureHandler(this::answer);
  }

  void answer(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      // The answer has begun: nothing can be said any more but that it broke off.
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    GoogleApiException google =
        failure == null ? null : Causes.find(failure, GoogleApiException.class);
    if (google != null) {
      RouteErrors.write(ctx, mapper, google.error(), google.retryAfter().orElse(null));
      return;
    }
    RouteErrors.write(ctx, mapper, errorFor(ctx.statusCode(), failure), null);
  }

  /** Google's error for a failure of {@code status} (-1 when none was set) and its cause. */
  public static GoogleError errorFor(int status, Throwable failure) {
    if (status == 413) {
      return GoogleError.invalidArgument("The request body is too large.").withCode(413);
    }
    if (status >= 400 && status < 500) {
      return GoogleError.invalidArgument("The request is malformed.").withCode(status);
    }
    // Quarkus REST fails content negotiation with this exception and no status of its own.
    if (failure instanceof IllegalArgumentException
        && failure.getMessage() != null
        && failure.getMessage().startsWith("Failed to parse media type")) {
      return GoogleError.invalidArgument("The Content-Type header is not a media type.");
    }
    LOG.errorf(
        "Unexpected failure while serving a request: %s",
        failure == null ? "status " + status : failure.getClass().getName());
    return GoogleError.internal("Internal error encountered.");
  }
}
