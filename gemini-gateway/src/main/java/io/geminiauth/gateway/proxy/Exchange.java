package io.geminiauth.gateway.proxy;

import io.geminiauth.common.error.Causes;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.RouteErrors;
import io.geminiauth.gateway.credential.Credential;
import io.geminiauth.gateway.upstream.Answer;
import io.geminiauth.gateway.upstream.Upstream;
import io.geminiauth.gateway.upstream.UpstreamFailure;
import io.geminiauth.gateway.usage.UsageScanner;
import io.vertx.core.Context;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * One client request's way through the upstreams. Each attempt goes to the next upstream that
 * serves the model and is available (breaker not open, a credential to give), through its bulkhead
 * and breaker. A retryable failure fails over at once to an upstream not yet tried; once all were
 * tried, the gateway backs off (honouring the upstream's RetryInfo up to a limit) and starts over,
 * within the attempt limit and the retry budget. Nothing is retried once the answer has begun to
 * reach the client. Runs on the client request's event loop.
 */
final class Exchange {
  private static final Logger LOG = Logger.getLogger(Exchange.class);

  private final ExchangeTools tools;
  private final RoutingContext ctx;
  private final Context context;
  private final Outgoing outgoing;
  private final String client;
  private final String model;
  private final List<Upstream> candidates;
  private final Set<Upstream> tried = new HashSet<>();
  private final Set<Upstream> refetched = new HashSet<>();
  private final long deadline;
  private int attempts;
  private int rounds;
  private UpstreamFailure lastFailure;
  private Upstream lastUpstream;
  private HttpClientRequest current;
  private boolean answering;
  // The last answer was "not here" (403/404) for a project's resource: try the next upstream.
  private boolean lookFurther;
  private boolean over;
  private long totalTimer = -1;

  Exchange(
      ExchangeTools tools,
      RoutingContext ctx,
      Outgoing outgoing,
      String client,
      String model,
      List<Upstream> candidates) {
    this.tools = tools;
    this.ctx = ctx;
    this.context = ctx.vertx().getOrCreateContext();
    this.outgoing = outgoing;
    this.client = client;
    this.model = model;
    this.candidates = candidates;
    this.deadline = tools.clock().millis() + tools.resilience().totalTimeout().toMillis();
  }

  void start() {
    ctx.response().closeHandler(v -> clientGone());
    if (!outgoing.streaming()) {
      totalTimer =
          tools.vertx().setTimer(tools.resilience().totalTimeout().toMillis(), id -> outOfTime());
    }
    next();
  }

  /** Sends the next attempt, or answers with the best the upstreams gave. */
  private void next() {
    if (over) {
      return;
    }
    int maxAttempts = outgoing.repeatable() ? tools.resilience().maxAttempts() : 1;
    if (attempts >= maxAttempts) {
      giveUp();
      return;
    }
    Optional<Upstream> fresh = firstAvailable(true);
    if (fresh.isPresent()) {
      if (attempts > 0) {
        if (!tools.budget().tryRetry()) {
          tools.metrics().budgetExhausted();
          giveUp();
          return;
        }
        tools.metrics().failedOver(lastUpstream.name(), lastFailure.label());
      }
      attempt(fresh.get());
      return;
    }
    if (lastFailure == null || !lastFailure.countsAgainstUpstream()) {
      // Nothing worth backing off for: no upstream was reachable, or only credentials failed.
      giveUp();
      return;
    }
    // Every candidate was tried: back off, then start over with the first available one.
    Optional<Duration> wait =
        tools.policy().wait(++rounds, lastFailure.serverDelay(), tools.random().getAsDouble());
    if (wait.isEmpty() || tools.clock().millis() + wait.get().toMillis() >= deadline) {
      giveUp();
      return;
    }
    if (!tools.budget().tryRetry()) {
      tools.metrics().budgetExhausted();
      giveUp();
      return;
    }
    tried.clear();
    tools
        .vertx()
        .setTimer(
            Math.max(1, wait.get().toMillis()),
            id -> {
              if (over) {
                return;
              }
              Optional<Upstream> again = firstAvailable(false);
              if (again.isEmpty()) {
                giveUp();
                return;
              }
              tools.metrics().retried(again.get().name(), lastFailure.label());
              attempt(again.get());
            });
  }

  /** The first candidate that is available now, of those not yet tried when {@code untried}. */
  private Optional<Upstream> firstAvailable(boolean untried) {
    // A loop, not a stream: this runs for every request.
    for (Upstream upstream : candidates) {
      if ((!untried || !tried.contains(upstream)) && upstream.available()) {
        return Optional.of(upstream);
      }
    }
    return Optional.empty();
  }

  private void attempt(Upstream upstream) {
    tried.add(upstream);
    attempts++;
    lastUpstream = upstream;
    upstream
        .credentials()
        .next()
        .whenComplete(
            (credential, failure) ->
                onLoop(
                    () -> {
                      if (failure != null) {
                        // Whatever the source's reason, the attempt had nothing to send with.
                        afterAttempt(upstream, null, UpstreamFailure.credentialUnavailable());
                      } else {
                        send(upstream, credential);
                      }
                    }));
  }

  private void send(Upstream upstream, Credential credential) {
    if (over) {
      return;
    }
    long queuedAt = System.nanoTime();
    upstream
        .guard()
        .get(
            () ->
                onContext(
                    () -> {
                      tools.metrics().queued(upstream.name(), System.nanoTime() - queuedAt);
                      if (over) {
                        return CompletableFuture.completedFuture(null);
                      }
                      return timed(upstream, credential).thenCompose(this::relay);
                    }))
        .whenComplete((done, failure) -> onLoop(() -> afterAttempt(upstream, credential, failure)));
  }

  private CompletionStage<Answer> timed(Upstream upstream, Credential credential) {
    long start = System.nanoTime();
    return tools
        .caller()
        .send(upstream, credential, outgoing, request -> current = request)
        .whenComplete(
            (answer, failure) ->
                tools
                    .metrics()
                    .upstreamCall(
                        upstream.name(),
                        failure == null ? "ok" : outcome(failure),
                        System.nanoTime() - start));
  }

  private CompletionStage<Void> relay(Answer answer) {
    if (over) {
      if (answer instanceof Answer.Streaming s) {
        s.response().request().reset();
      }
      return CompletableFuture.completedFuture(null);
    }
    if (outgoing.resource() != null) {
      if (answer instanceof Answer.Complete c
          && (c.status() == 403 || c.status() == 404)
          && firstAvailable(true).isPresent()) {
        // Another project's upstream does not see the resource; the next one's may.
        lookFurther = true;
        return CompletableFuture.completedFuture(null);
      }
      if (answer instanceof Answer.Streaming s && s.response().statusCode() < 300) {
        tools.affinity().remember(outgoing.resource(), lastUpstream.name());
      }
    }
    answering = true;
    if (answer instanceof Answer.Streaming s) {
      UsageScanner usage = new UsageScanner();
      return tools.relay().stream(
              s.response(), ctx.response(), this::throughGateway, usage, outgoing.streaming())
          .whenComplete((v, e) -> tools.budgets().record(client, model, usage));
    }
    ResponseRelay.complete((Answer.Complete) answer, ctx.response(), this::throughGateway);
    return CompletableFuture.completedFuture(null);
  }

  private void afterAttempt(Upstream upstream, Credential credential, Throwable failure) {
    current = null;
    if (failure == null && lookFurther) {
      // Not a retry: the call was answered, only not by the project that holds its resource.
      lookFurther = false;
      attempts--;
      next();
      return;
    }
    if (failure == null) {
      finish();
      return;
    }
    Throwable cause = Causes.completionCause(failure);
    if (cause instanceof CircuitBreakerOpenException || cause instanceof BulkheadException) {
      // Nothing was sent: this upstream is just not taking requests now.
      attempts--;
      tools
          .metrics()
          .skipped(
              upstream.name(),
              cause instanceof BulkheadException ? "bulkhead-full" : "breaker-open");
      next();
      return;
    }
    if (!(cause instanceof UpstreamFailure f)) {
      LOG.errorf("upstream %s: unexpected %s", upstream.name(), cause.getClass().getName());
      lastFailure = UpstreamFailure.connection();
      next();
      return;
    }
    lastFailure = f;
    switch (f.kind()) {
      case CREDENTIAL_UNAVAILABLE -> attempts--;
      case CREDENTIAL_REFUSED -> {
        // Not a retry of the request: the same upstream tries another credential, a key at a
        // time (each refusal retires one) or one freshly fetched token per request.
        attempts--;
        boolean another = upstream.credentials().refused(credential);
        tools.credentialRefused(upstream, credential, f);
        if (another && (credential instanceof Credential.ApiKey || refetched.add(upstream))) {
          tried.remove(upstream);
        }
      }
      default -> {
        // a retryable status, timeout or dropped connection: next() decides
      }
    }
    next();
  }

  /** Answers with what the upstreams last said, or with the gateway's own error. */
  private void giveUp() {
    if (over) {
      return;
    }
    if (lastFailure != null && lastFailure.kind() == UpstreamFailure.Kind.STATUS) {
      // Google's own answer (429 with its RetryInfo, 503, …): the client's SDK understands it.
      finish();
      ResponseRelay.complete(
          new Answer.Complete(lastFailure.status(), lastFailure.headers(), lastFailure.body()),
          ctx.response(),
          this::throughGateway);
      return;
    }
    finish();
    Duration retry = Duration.ofSeconds(1);
    GoogleError error;
    if (lastFailure == null) {
      retry = tools.resilience().breakerDelay();
      error =
          GoogleError.unavailable(
              "No upstream can take requests for "
                  + (model == null ? "this call" : "model " + model)
                  + " now (all are failing, rate-limited or full); retry later.",
              retry);
    } else {
      error =
          switch (lastFailure.kind()) {
            case TIMEOUT ->
                GoogleError.deadlineExceeded(
                    "The Gemini API did not answer in time through the gateway; retry later.");
            case CREDENTIAL_REFUSED ->
                GoogleError.unavailable(
                    "Google refused the gateway's credentials for this call; the gateway's"
                        + " operators are alerted. Retry later.",
                    retry = Duration.ofSeconds(30));
            case CREDENTIAL_UNAVAILABLE ->
                GoogleError.unavailable(
                    "The gateway could not obtain Google credentials for this call (no key left,"
                        + " or the token-service is unavailable); retry later.",
                    retry = Duration.ofSeconds(5));
            default ->
                GoogleError.unavailable(
                    "The Gemini API could not be reached through the gateway; retry later.", retry);
          };
    }
    RouteErrors.write(ctx, tools.mapper(), error, retry);
  }

  private void outOfTime() {
    if (over) {
      return;
    }
    if (current != null) {
      current.reset();
    }
    if (answering) {
      over = true;
      ctx.response().reset();
      return;
    }
    lastFailure = UpstreamFailure.timeout();
    giveUp();
  }

  private void clientGone() {
    if (!over) {
      over = true;
      if (current != null) {
        current.reset();
      }
    }
    cancelTotalTimer();
  }

  private void finish() {
    over = true;
    cancelTotalTimer();
  }

  private void cancelTotalTimer() {
    if (totalTimer >= 0) {
      tools.vertx().cancelTimer(totalTimer);
      totalTimer = -1;
    }
  }

  /** Runs {@code work} on this request's event loop: at once when already there. */
  private void onLoop(Runnable work) {
    if (io.vertx.core.Vertx.currentContext() == context) {
      work.run();
    } else {
      context.runOnContext(v -> work.run());
    }
  }

  /**
   * Runs {@code work} on this request's event loop (a queued bulkhead task may start elsewhere).
   */
  private <T> CompletionStage<T> onContext(Supplier<CompletionStage<T>> work) {
    if (io.vertx.core.Vertx.currentContext() == context) {
      return work.get();
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(
        v ->
            work.get()
                .whenComplete(
                    (value, failure) -> {
                      if (failure != null) {
                        result.completeExceptionally(failure);
                      } else {
                        result.complete(value);
                      }
                    }));
    return result;
  }

  /**
   * An upstream's upload URL as the client must call it: on the scheme and host the client called,
   * pinned to the upstream that holds the session.
   */
  private String throughGateway(String url) {
    String origin = ctx.request().scheme() + "://" + ctx.request().getHeader("Host");
    return Headers.throughGateway(url, origin, lastUpstream.name());
  }

  private static String outcome(Throwable failure) {
    return Causes.completionCause(failure) instanceof UpstreamFailure f ? f.label() : "error";
  }
}
