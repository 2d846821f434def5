package io.geminiauth.gateway.proxy;

import io.geminiauth.common.error.Causes;
import io.geminiauth.common.error.RouteErrors;
import io.geminiauth.gateway.credential.Credential;
import io.geminiauth.gateway.upstream.Answer;
import io.geminiauth.gateway.upstream.Upstream;
import io.geminiauth.gateway.upstream.UpstreamFailure;
import io.geminiauth.gateway.usage.UsageScanner;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * One client request's way through the upstreams: performs what its {@link AttemptPlan} decides.
 * Each attempt goes through the upstream's bulkhead and breaker; the timers (backoff, total
 * timeout), the relay of the answer and the cancellations live here. Nothing is retried once the
 * answer has begun to reach the client. Runs on the client request's event loop.
 */
final class Exchange {
  private static final Logger LOG = Logger.getLogger(Exchange.class);

  /** Where the exchange stands; only ever moves forward. */
  private enum Phase {
    /** Attempts may still be made. */
    TRYING,
    /** The answer has begun to reach the client: no retry any more. */
    ANSWERING,
    /** Answered, given up, timed out or the client left: nothing more to do. */
    OVER
  }

  private final ExchangeServices services;
  private final RoutingContext ctx;
  private final RequestLoop loop;
  private final Outgoing outgoing;
  private final String client;
  private final String model;
  private final AttemptPlan plan;
  private Phase phase = Phase.TRYING;
  private HttpClientRequest current;
  // The last answer was "not here" (403/404) for a project's resource: try the next upstream.
  private boolean notHere;
  private long totalTimer = -1;

  Exchange(
      ExchangeServices services,
      RoutingContext ctx,
      Outgoing outgoing,
      String client,
      String model,
      List<Upstream> candidates) {
    this.services = services;
    this.ctx = ctx;
    this.loop = new RequestLoop(ctx.vertx().getOrCreateContext());
    this.outgoing = outgoing;
    this.client = client;
    this.model = model;
    this.plan = services.plan(candidates, outgoing.repeatable(), model);
  }

  void start() {
    ctx.response().closeHandler(v -> clientGone());
    if (!outgoing.streaming()) {
      totalTimer =
          services
              .vertx()
              .setTimer(services.resilience().totalTimeout().toMillis(), id -> outOfTime());
    }
    perform(plan.next());
  }

  /** Does what the plan says. */
  private void perform(AttemptPlan.Step step) {
    if (phase == Phase.OVER) {
      return;
    }
    if (step instanceof AttemptPlan.Send send) {
      if (send.why() == AttemptPlan.Why.FAILOVER) {
        services.metrics().failedOver(send.after().name(), plan.lastFailure().label());
      } else if (send.why() == AttemptPlan.Why.RETRY) {
        services.metrics().retried(send.upstream().name(), plan.lastFailure().label());
      }
      attempt(send.upstream());
    } else if (step instanceof AttemptPlan.Wait wait) {
      services
          .vertx()
          .setTimer(
              wait.delay().toMillis(),
              id -> {
                if (phase != Phase.OVER) {
                  perform(plan.resume());
                }
              });
    } else {
      if (((AttemptPlan.GiveUp) step).budgetExhausted()) {
        services.metrics().budgetExhausted();
      }
      giveUp();
    }
  }

  private void attempt(Upstream upstream) {
    upstream
        .credentials()
        .next()
        .whenComplete(
            (credential, failure) ->
                loop.run(
                    () -> {
                      if (failure != null) {
                        // Whatever the source's reason, the attempt had nothing to send with.
                        afterAttempt(
                            upstream, null, UpstreamFailure.credentialUnavailable(failure));
                      } else {
                        send(upstream, credential);
                      }
                    }));
  }

  private void send(Upstream upstream, Credential credential) {
    if (phase == Phase.OVER) {
      return;
    }
    long queuedAt = System.nanoTime();
    upstream
        .guard()
        .get(
            () ->
                loop.supply(
                    () -> {
                      services.metrics().queued(upstream.name(), System.nanoTime() - queuedAt);
                      if (phase == Phase.OVER) {
                        return CompletableFuture.completedFuture(null);
                      }
                      return services
                          .caller()
                          .send(upstream, credential, outgoing, request -> current = request)
                          .thenCompose(this::relay);
                    }))
        .whenComplete(
            (done, failure) -> loop.run(() -> afterAttempt(upstream, credential, failure)));
  }

  private CompletionStage<Void> relay(Answer answer) {
    if (phase == Phase.OVER) {
      if (answer instanceof Answer.Streaming s) {
        s.response().request().reset();
      }
      return CompletableFuture.completedFuture(null);
    }
    if (outgoing.resource() != null) {
      if (answer instanceof Answer.Complete c
          && (c.status() == 403 || c.status() == 404)
          && plan.anotherAvailable()) {
        // Another project's upstream does not see the resource; the next one's may.
        notHere = true;
        return CompletableFuture.completedFuture(null);
      }
      if (answer instanceof Answer.Streaming s && s.response().statusCode() < 300) {
        services.affinity().remember(outgoing.resource(), plan.lastUpstream().name());
      }
    }
    phase = Phase.ANSWERING;
    if (answer instanceof Answer.Streaming s) {
      UsageScanner usage = new UsageScanner();
      return services.relay().stream(
              s.response(), ctx.response(), this::throughGateway, usage, outgoing.streaming())
          .whenComplete((v, e) -> services.budgets().record(client, model, usage));
    }
    ResponseRelay.complete((Answer.Complete) answer, ctx.response(), this::throughGateway);
    return CompletableFuture.completedFuture(null);
  }

  /** Tells the plan how the attempt went, then does its next step. */
  private void afterAttempt(Upstream upstream, Credential credential, Throwable failure) {
    current = null;
    if (failure == null && notHere) {
      // Not a retry: the call was answered, only not by the project that holds its resource.
      notHere = false;
      perform(plan.next());
      return;
    }
    if (failure == null) {
      finish();
      return;
    }
    Throwable cause = Causes.completionCause(failure);
    if (cause instanceof CircuitBreakerOpenException || cause instanceof BulkheadException) {
      // Nothing was sent: this upstream is just not taking requests now.
      services
          .metrics()
          .skipped(
              upstream.name(),
              cause instanceof BulkheadException ? "bulkhead-full" : "breaker-open");
    } else if (!(cause instanceof UpstreamFailure f)) {
      LOG.errorf("upstream %s: unexpected %s", upstream.name(), cause.getClass().getName());
      plan.failed(UpstreamFailure.connection());
    } else if (f.kind() == UpstreamFailure.Kind.CREDENTIAL_REFUSED) {
      boolean another = services.refusals().refused(upstream, credential, f);
      plan.credentialRefused(f, another, credential instanceof Credential.ApiKey);
    } else {
      plan.failed(f);
    }
    perform(plan.next());
  }

  /** Answers with what the upstreams last said, or with the gateway's own error. */
  private void giveUp() {
    if (phase == Phase.OVER) {
      return;
    }
    finish();
    AttemptPlan.Ending ending = plan.ending();
    if (ending instanceof AttemptPlan.RelayLast last) {
      // Google's own answer (429 with its RetryInfo, 503, …): the client's SDK understands it.
      UpstreamFailure answer = last.failure();
      ResponseRelay.complete(
          new Answer.Complete(answer.status(), answer.headers(), answer.body()),
          ctx.response(),
          this::throughGateway);
    } else {
      AttemptPlan.Fail fail = (AttemptPlan.Fail) ending;
      RouteErrors.write(ctx, services.mapper(), fail.error(), fail.retryAfter());
    }
  }

  private void outOfTime() {
    if (phase == Phase.OVER) {
      return;
    }
    if (current != null) {
      current.reset();
    }
    if (phase == Phase.ANSWERING) {
      phase = Phase.OVER;
      ctx.response().reset();
      return;
    }
    plan.timedOut();
    giveUp();
  }

  private void clientGone() {
    if (phase != Phase.OVER) {
      phase = Phase.OVER;
      if (current != null) {
        current.reset();
      }
    }
    cancelTotalTimer();
  }

  private void finish() {
    phase = Phase.OVER;
    cancelTotalTimer();
  }

  private void cancelTotalTimer() {
    if (totalTimer >= 0) {
      services.vertx().cancelTimer(totalTimer);
      totalTimer = -1;
    }
  }

  /**
   * An upstream's upload URL as the client must call it: on the scheme and host the client called,
   * pinned to the upstream that holds the session.
   */
  private String throughGateway(String url) {
    String origin = ctx.request().scheme() + "://" + ctx.request().getHeader("Host");
    return Headers.throughGateway(url, origin, plan.lastUpstream().name());
  }
}
