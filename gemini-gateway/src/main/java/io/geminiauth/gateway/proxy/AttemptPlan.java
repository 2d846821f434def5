package io.geminiauth.gateway.proxy;

import io.geminiauth.common.error.GoogleError;
import io.geminiauth.gateway.GatewayErrors;
import io.geminiauth.gateway.retry.RetryBudget;
import io.geminiauth.gateway.retry.RetryPolicy;
import io.geminiauth.gateway.upstream.Answer;
import io.geminiauth.gateway.upstream.Upstream;
import io.geminiauth.gateway.upstream.UpstreamFailure;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The decisions of one client request's way through the upstreams, without any I/O: which upstream
 * to try next, when to fail over at once, when to back off and start over, when to give up, and
 * with what answer. {@link Exchange} performs them. Only a real attempt ({@link #failed}) counts
 * against the attempt limit: an upstream that took nothing (breaker open, bulkhead full), a
 * credential that could not be had or was refused, and a "not here" from another project's upstream
 * spend nothing, so the exchange just asks for the {@link #next} step. Runs on one event loop, so
 * it holds plain mutable state.
 */
final class AttemptPlan {

  /** What to do now. */
  sealed interface Step {}

  /** Send an attempt to {@code upstream}; {@code after} is the upstream of the attempt before. */
  record Send(Upstream upstream, Why why, Upstream after) implements Step {}

  /** Back off for {@code delay}, then {@link #resume()}. */
  record Wait(Duration delay) implements Step {}

  /** Stop trying; {@code budgetExhausted} when the retry budget said no. */
  record GiveUp(boolean budgetExhausted) implements Step {}

  /** Why an attempt goes out. */
  enum Why {
    FIRST,
    FAILOVER,
    RETRY
  }

  /** How the request ends when the plan gives up. */
  sealed interface Ending {}

  /** Relay the upstream's own last answer (Google's 429 with RetryInfo, its 503, …). */
  record RelayLast(Answer.Complete answer) implements Ending {}

  /** Answer with the gateway's own error. */
  record Fail(GoogleError error, Duration retryAfter) implements Ending {}

  private static final GiveUp GIVE_UP = new GiveUp(false);
  private static final GiveUp OUT_OF_BUDGET = new GiveUp(true);

  private final List<Upstream> candidates;
  private final Predicate<Upstream> available;
  private final int maxAttempts;
  private final long deadlineMillis;
  private final RetryPolicy policy;
  private final RetryBudget budget;
  private final DoubleSupplier jitter;
  private final LongSupplier nowMillis;
  private final Duration breakerDelay;
  private final String model;
  private final boolean projectResource;
  private final Set<Upstream> tried = new HashSet<>();
  private final Set<Upstream> refetched = new HashSet<>();
  private int attempts;
  private int rounds;
  private UpstreamFailure lastFailure;
  private Upstream lastUpstream;
  private boolean movingOn;

  AttemptPlan(
      List<Upstream> candidates,
      Predicate<Upstream> available,
      int maxAttempts,
      long deadlineMillis,
      RetryPolicy policy,
      RetryBudget budget,
      DoubleSupplier jitter,
      LongSupplier nowMillis,
      Duration breakerDelay,
      String model,
      boolean projectResource) {
    this.candidates = candidates;
    this.available = available;
    this.maxAttempts = maxAttempts;
    this.deadlineMillis = deadlineMillis;
    this.policy = policy;
    this.budget = budget;
    this.jitter = jitter;
    this.nowMillis = nowMillis;
    this.breakerDelay = breakerDelay;
    this.model = model;
    this.projectResource = projectResource;
  }

  /**
   * The next step: an upstream not yet tried (a failover after a real attempt, paid from the retry
   * budget), or, once every candidate was tried and the last failure was the upstreams' trouble, a
   * backoff within the deadline; else give up.
   */
  Step next() {
    movingOn = false;
    if (attempts >= maxAttempts) {
      return GIVE_UP;
    }
    Upstream fresh = firstAvailable(true);
    if (fresh != null) {
      boolean failover = attempts > 0;
      if (failover && !budget.tryRetry()) {
        return OUT_OF_BUDGET;
      }
      return send(fresh, failover ? Why.FAILOVER : Why.FIRST);
    }
    if (lastFailure == null || !lastFailure.countsAgainstUpstream()) {
      // Nothing worth backing off for: no upstream was reachable, or only credentials failed.
      return GIVE_UP;
    }
    Optional<Duration> wait =
        policy.wait(++rounds, lastFailure.serverDelay(), jitter.getAsDouble());
    if (wait.isEmpty() || nowMillis.getAsLong() + wait.get().toMillis() >= deadlineMillis) {
      return GIVE_UP;
    }
    if (!budget.tryRetry()) {
      return OUT_OF_BUDGET;
    }
    tried.clear();
    return new Wait(Duration.ofMillis(Math.max(1, wait.get().toMillis())));
  }

  /** After a backoff: the first available candidate again, or give up. */
  Step resume() {
    Upstream again = firstAvailable(false);
    return again == null ? GIVE_UP : send(again, Why.RETRY);
  }

  /** An attempt failed: a retryable status, a timeout, a dropped connection, no credential. */
  void failed(UpstreamFailure failure) {
    lastFailure = failure;
    if (failure.kind() != UpstreamFailure.Kind.CREDENTIAL_UNAVAILABLE) {
      attempts++;
    }
  }

  /**
   * Google refused the credential the attempt carried. Not a retry of the request: the same
   * upstream tries another credential when its source says one is worth it, a key at a time (each
   * refusal retires one) or one freshly fetched token per request.
   */
  void credentialRefused(UpstreamFailure refusal, boolean anotherWorthTrying, boolean perKey) {
    lastFailure = refusal;
    if (anotherWorthTrying && (perKey || refetched.add(lastUpstream))) {
      tried.remove(lastUpstream);
    }
  }

  /**
   * The last attempt was answered {@code status}. For a request about a project's resource (a file,
   * an upload session, a cached content) a 403 or 404 may only mean that this upstream's project
   * does not hold it: while an untried upstream is available, the answer is not relayed and {@link
   * #next} moves on to it, spending neither an attempt nor the budget.
   *
   * @return whether to move on instead of relaying the answer
   */
  boolean notHere(int status) {
    movingOn = projectResource && (status == 403 || status == 404) && anotherAvailable();
    return movingOn;
  }

  /** Whether the answer just seen was a "not here" the exchange moves on from. */
  boolean movingOn() {
    return movingOn;
  }

  /** The request's total timeout ran out before an answer began. */
  void timedOut() {
    lastFailure = UpstreamFailure.timeout();
  }

  /** How the request ends once the plan gave up. */
  Ending ending() {
    if (lastFailure == null) {
      return new Fail(GatewayErrors.noUpstreamAvailable(model, breakerDelay), breakerDelay);
    }
    return switch (lastFailure.kind()) {
      case STATUS ->
          new RelayLast(
              new Answer.Complete(lastFailure.status(), lastFailure.headers(), lastFailure.body()));
      case TIMEOUT -> new Fail(GatewayErrors.upstreamTimedOut(), Duration.ofSeconds(1));
      case CREDENTIAL_REFUSED ->
          new Fail(GatewayErrors.credentialsRefused(), GatewayErrors.REFUSED_CREDENTIAL_RETRY);
      case CREDENTIAL_UNAVAILABLE -> {
        Duration retry = lastFailure.serverDelay().orElse(GatewayErrors.NO_CREDENTIAL_RETRY);
        yield new Fail(GatewayErrors.noCredential(retry), retry);
      }
      case CONNECTION ->
          new Fail(GatewayErrors.upstreamUnreachable(Duration.ofSeconds(1)), Duration.ofSeconds(1));
    };
  }

  /** The upstream of the last attempt sent. */
  Upstream lastUpstream() {
    return lastUpstream;
  }

  /** The last failure, for metrics; null before any. */
  UpstreamFailure lastFailure() {
    return lastFailure;
  }

  /** Real attempts so far. */
  int attempts() {
    return attempts;
  }

  private Send send(Upstream upstream, Why why) {
    Upstream before = lastUpstream;
    tried.add(upstream);
    lastUpstream = upstream;
    return new Send(upstream, why, before);
  }

  /** The first candidate that is available now, of those not yet tried when {@code untried}. */
  private Upstream firstAvailable(boolean untried) {
    // A loop, not a stream: this runs for every request.
    for (Upstream upstream : candidates) {
      if ((!untried || !tried.contains(upstream)) && available.test(upstream)) {
        return upstream;
      }
    }
    return null;
  }

  private boolean anotherAvailable() {
    return firstAvailable(true) != null;
  }
}
