package io.geminiauth.gateway.proxy;

import io.geminiauth.common.error.Causes;
import io.geminiauth.common.error.RouteErrors;
import io.geminiauth.gateway.GatewayErrors;
import io.geminiauth.gateway.client.Client;
import io.geminiauth.gateway.credential.Credential;
import io.geminiauth.gateway.tenancy.ResourceCall;
import io.geminiauth.gateway.upstream.Answer;
import io.geminiauth.gateway.upstream.Upstream;
import io.geminiauth.gateway.upstream.UpstreamFailure;
import io.geminiauth.gateway.usage.UsageScanner;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
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
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

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
  private final Client client;
  private final String model;
  private final AttemptPlan plan;
  private final UnaryOperator<String> throughGateway;
  private Phase phase = Phase.TRYING;
  private HttpClientRequest current;
  private long totalTimer = -1;

  Exchange(
      ExchangeServices services,
      RoutingContext ctx,
      Outgoing outgoing,
      Client client,
      String model,
      List<Upstream> candidates) {
    this.services = services;
    this.ctx = ctx;
    this.loop = new RequestLoop(ctx.vertx().getOrCreateContext());
    this.outgoing = outgoing;
    this.client = client;
    this.model = model;
    this.plan = services.plan(candidates, outgoing, model);
    // Upload URLs in an answer point back at the gateway, pinned to the upstream that answered.
    this.throughGateway =
        url -> Headers.throughGateway(url, ctx.request(), plan.lastUpstream().name());
  }

  void start() {
    ctx.response().closeHandler(v -> clientGone());
    if (!outgoing.streaming()) {
      long timeout = services.config.resilience().totalTimeout().toMillis();
      totalTimer = services.vertx.setTimer(timeout, id -> outOfTime());
    }
    perform(plan.next());
  }

  /** Does what the plan says. */
  private void perform(AttemptPlan.Step step) {
    if (phase == Phase.OVER) {
      return;
    }
    if (step instanceof AttemptPlan.Send send) {
      services.metrics.sent(send, plan.lastFailure());
      attempt(send.upstream());
    } else if (step instanceof AttemptPlan.Wait wait) {
      services.vertx.setTimer(wait.delay().toMillis(), id -> perform(plan.resume()));
    } else {
      if (((AttemptPlan.GiveUp) step).budgetExhausted()) {
        services.metrics.budgetExhausted();
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
                      services.metrics.queued(upstream.name(), System.nanoTime() - queuedAt);
                      if (phase == Phase.OVER) {
                        return DONE;
                      }
                      return services
                          .caller
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
      return DONE;
    }
    if (answer instanceof Answer.Complete c) {
      if (!plan.notHere(c.status())) {
        phase = Phase.ANSWERING;
        ResponseRelay.complete(c, ctx.response(), throughGateway);
      }
      return DONE;
    }
    Answer.Streaming s = (Answer.Streaming) answer;
    phase = Phase.ANSWERING;
    if (outgoing.call().readsAnswer()) {
      return owned(s);
    }
    if (outgoing.call() == ResourceCall.NAMED && outgoing.method() == HttpMethod.DELETE) {
      services.ownership.deleted(outgoing.resource(), plan.lastUpstream().name());
    }
    UsageScanner usage = new UsageScanner();
    return services.relay.stream(
            s.response(), ctx.response(), throughGateway, usage, outgoing.streaming())
        .whenComplete((v, e) -> services.budgets.record(client.name(), model, usage));
  }

  /**
   * A success that made or listed resources, read whole: the maker is recorded before the client
   * learns the name, a listing shows the client its own.
   */
  private CompletionStage<Void> owned(Answer.Streaming s) {
    String upstream = plan.lastUpstream().name();
    Future<Buffer> read = s.response().body();
    s.response().resume();
    return read.compose(
            body -> services.ownership.answered(outgoing.call(), client, upstream, body))
        .map(body -> new Answer.Complete(s.response().statusCode(), s.response().headers(), body))
        .onComplete(
            done ->
                loop.run(
                    () -> {
                      if (ctx.response().ended() || ctx.response().closed()) {
                        return;
                      }
                      if (done.succeeded()) {
                        ResponseRelay.complete(done.result(), ctx.response(), throughGateway);
                      } else {
                        LOG.errorf(
                            "upstream %s: could not record or filter a resource answer: %s",
                            upstream, done.cause().toString());
                        RouteErrors.write(
                            ctx, services.mapper, GatewayErrors.ownershipUnavailable(), null);
                      }
                    }))
        .<Void>mapEmpty()
        .toCompletionStage();
  }

  /** Tells the plan how the attempt went, then does its next step. */
  private void afterAttempt(Upstream upstream, Credential credential, Throwable failure) {
    current = null;
    if (failure != null) {
      report(upstream, credential, Causes.completionCause(failure));
    } else if (!plan.movingOn()) {
      finish();
      return;
    }
    perform(plan.next());
  }

  private void report(Upstream upstream, Credential credential, Throwable cause) {
    if (cause instanceof CircuitBreakerOpenException || cause instanceof BulkheadException) {
      // Nothing was sent: this upstream is just not taking requests now.
      services.metrics.skipped(upstream.name(), cause instanceof BulkheadException);
    } else if (!(cause instanceof UpstreamFailure f)) {
      LOG.errorf("upstream %s: unexpected %s", upstream.name(), cause.getClass().getName());
      plan.failed(UpstreamFailure.connection());
    } else if (f.kind() == UpstreamFailure.Kind.CREDENTIAL_REFUSED) {
      boolean another = services.refusals.refused(upstream, credential, f);
      plan.credentialRefused(f, another, credential instanceof Credential.ApiKey);
    } else {
      plan.failed(f);
    }
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
      ResponseRelay.complete(last.answer(), ctx.response(), throughGateway);
    } else {
      AttemptPlan.Fail fail = (AttemptPlan.Fail) ending;
      RouteErrors.write(ctx, services.mapper, fail.error(), fail.retryAfter());
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
      services.vertx.cancelTimer(totalTimer);
      totalTimer = -1;
    }
  }
}
