package io.geminiauth.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.geminiauth.gateway.ModelPatterns;
import io.geminiauth.gateway.credential.ApiKeyPool;
import io.geminiauth.gateway.retry.RetryBudget;
import io.geminiauth.gateway.retry.RetryPolicy;
import io.geminiauth.gateway.upstream.Upstream;
import io.geminiauth.gateway.upstream.UpstreamFailure;
import io.geminiauth.testsupport.MovableClock;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The exchange's decisions, without Vert.x: a moved clock, a fixed jitter, upstreams by name. */
class AttemptPlanTest {
  static final Duration BREAKER_DELAY = Duration.ofSeconds(30);
  final MovableClock clock = MovableClock.fixed();
  final Upstream a = upstream("a");
  final Upstream b = upstream("b");
  final Set<Upstream> closed = new HashSet<>(Set.of(a, b));
  final RetryPolicy policy =
      new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(10));

  static Upstream upstream(String name) {
    return new Upstream(
        name,
        URI.create("https://" + name + ".test"),
        0,
        ModelPatterns.of(List.of("*")),
        new ApiKeyPool(List.of("k-" + name)),
        null,
        null,
        null);
  }

  AttemptPlan plan(int maxAttempts, RetryBudget budget) {
    return plan(maxAttempts, budget, false);
  }

  AttemptPlan plan(int maxAttempts, RetryBudget budget, boolean projectResource) {
    return new AttemptPlan(
        List.of(a, b),
        closed::contains,
        maxAttempts,
        clock.millis() + 60_000,
        policy,
        budget,
        () -> 0.5,
        clock::millis,
        BREAKER_DELAY,
        "gemini-2.5-flash",
        projectResource);
  }

  RetryBudget plenty() {
    return new RetryBudget(clock, Duration.ofSeconds(10), 0.2, 100);
  }

  RetryBudget none() {
    return new RetryBudget(clock, Duration.ofSeconds(10), 0, 0);
  }

  static UpstreamFailure status(int status, Duration serverDelay) {
    return UpstreamFailure.status(
        status,
        MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer(),
        Optional.ofNullable(serverDelay));
  }

  @Test
  void next_firstAttempt_goesToTheFirstCandidateFree() {
    AttemptPlan plan = plan(3, none());
    assertThat(plan.next()).isEqualTo(new AttemptPlan.Send(a, AttemptPlan.Why.FIRST, null));
  }

  @Test
  void failed_retryableStatus_failsOverAtOncePayingTheBudget() {
    AttemptPlan plan = plan(3, plenty());
    plan.next();
    plan.failed(status(503, null));
    assertThat(plan.next()).isEqualTo(new AttemptPlan.Send(b, AttemptPlan.Why.FAILOVER, a));
    assertThat(plan.attempts()).isEqualTo(1);
  }

  @Test
  void failed_budgetSpent_givesUpAndSaysWhy() {
    AttemptPlan plan = plan(3, none());
    plan.next();
    plan.failed(status(503, null));
    assertThat(plan.next()).isEqualTo(new AttemptPlan.GiveUp(true));
  }

  @Test
  void everyCandidateFailed_backsOffWithJitterThenRetriesTheFirst() {
    AttemptPlan plan = plan(3, plenty());
    plan.next();
    plan.failed(status(503, null));
    plan.next();
    plan.failed(status(503, null));
    // Full jitter at 0.5 of the first round's 500 ms.
    assertThat(plan.next()).isEqualTo(new AttemptPlan.Wait(Duration.ofMillis(250)));
    assertThat(plan.resume()).isEqualTo(new AttemptPlan.Send(a, AttemptPlan.Why.RETRY, b));
  }

  @Test
  void everyCandidateFailed_serverDelayLongerThanJitter_waitsWhatTheUpstreamAsked() {
    AttemptPlan plan = plan(3, plenty());
    plan.next();
    plan.failed(status(429, Duration.ofSeconds(2)));
    plan.next();
    plan.failed(status(429, Duration.ofSeconds(2)));
    assertThat(plan.next()).isEqualTo(new AttemptPlan.Wait(Duration.ofSeconds(2)));
  }

  @Test
  void everyCandidateFailed_serverDelayOverTheCap_givesUpAndRelaysGooglesAnswer() {
    AttemptPlan plan = plan(3, plenty());
    plan.next();
    plan.failed(status(429, Duration.ofSeconds(30)));
    plan.next();
    UpstreamFailure last = status(429, Duration.ofSeconds(30));
    plan.failed(last);
    assertThat(plan.next()).isEqualTo(new AttemptPlan.GiveUp(false));
    AttemptPlan.RelayLast relayed = (AttemptPlan.RelayLast) plan.ending();
    assertThat(relayed.answer().status()).isEqualTo(429);
    assertThat(relayed.answer().headers()).isSameAs(last.headers());
    assertThat(relayed.answer().body()).isSameAs(last.body());
  }

  @Test
  void attemptLimit_reached_givesUp() {
    AttemptPlan plan = plan(1, plenty());
    plan.next();
    plan.failed(UpstreamFailure.timeout());
    assertThat(plan.next()).isEqualTo(new AttemptPlan.GiveUp(false));
    assertThat(plan.ending()).isInstanceOf(AttemptPlan.Fail.class);
    assertThat(((AttemptPlan.Fail) plan.ending()).error().error().status())
        .isEqualTo("DEADLINE_EXCEEDED");
  }

  @Test
  void upstreamTookNothing_breakerOpenBeforeSending_spendsNoAttemptNorBudget() {
    AttemptPlan plan = plan(1, none());
    plan.next();
    // Its breaker opened: nothing was sent, the exchange only asks for the next step.
    closed.remove(a);
    assertThat(plan.next()).isEqualTo(new AttemptPlan.Send(b, AttemptPlan.Why.FIRST, a));
  }

  @Test
  void noUpstreamAvailable_givesUpWithTheBreakersDelay() {
    closed.clear();
    AttemptPlan plan = plan(3, plenty());
    assertThat(plan.next()).isEqualTo(new AttemptPlan.GiveUp(false));
    AttemptPlan.Fail fail = (AttemptPlan.Fail) plan.ending();
    assertThat(fail.retryAfter()).isEqualTo(BREAKER_DELAY);
    assertThat(fail.error().error().message()).contains("gemini-2.5-flash");
  }

  @Test
  void keyRefused_anotherKeyLeft_sameUpstreamAgainWithoutSpendingAnAttempt() {
    AttemptPlan plan = plan(1, none());
    plan.next();
    plan.credentialRefused(UpstreamFailure.credentialRefused(400, null, null), true, true);
    assertThat(plan.next()).isEqualTo(new AttemptPlan.Send(a, AttemptPlan.Why.FIRST, a));
    plan.credentialRefused(UpstreamFailure.credentialRefused(400, null, null), true, true);
    assertThat(plan.next()).isEqualTo(new AttemptPlan.Send(a, AttemptPlan.Why.FIRST, a));
  }

  @Test
  void tokenRefused_refetchedOncePerUpstream_thenTheNextUpstream() {
    AttemptPlan plan = plan(3, none());
    plan.next();
    plan.credentialRefused(UpstreamFailure.credentialRefused(401, null, null), true, false);
    assertThat(plan.next()).isEqualTo(new AttemptPlan.Send(a, AttemptPlan.Why.FIRST, a));
    plan.credentialRefused(UpstreamFailure.credentialRefused(401, null, null), true, false);
    assertThat(plan.next()).isEqualTo(new AttemptPlan.Send(b, AttemptPlan.Why.FIRST, a));
    plan.credentialRefused(UpstreamFailure.credentialRefused(401, null, null), true, false);
    assertThat(plan.next()).isEqualTo(new AttemptPlan.Send(b, AttemptPlan.Why.FIRST, b));
    plan.credentialRefused(UpstreamFailure.credentialRefused(401, null, null), true, false);
    assertThat(plan.next()).isEqualTo(new AttemptPlan.GiveUp(false));
    assertThat(((AttemptPlan.Fail) plan.ending()).retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void noCredential_notAnAttempt_endsWith503AndTheSourcesRetryAfter() {
    AttemptPlan plan = plan(1, none());
    plan.next();
    plan.failed(UpstreamFailure.credentialUnavailable(Optional.of(Duration.ofSeconds(4))));
    assertThat(plan.attempts()).isZero();
    assertThat(plan.next()).isEqualTo(new AttemptPlan.Send(b, AttemptPlan.Why.FIRST, a));
    plan.failed(UpstreamFailure.credentialUnavailable(Optional.of(Duration.ofSeconds(4))));
    assertThat(plan.next()).isEqualTo(new AttemptPlan.GiveUp(false));
    AttemptPlan.Fail fail = (AttemptPlan.Fail) plan.ending();
    assertThat(fail.error().error().code()).isEqualTo(503);
    assertThat(fail.retryAfter()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void backoffPastTheDeadline_givesUp() {
    AttemptPlan plan = plan(5, plenty());
    plan.next();
    plan.failed(status(503, Duration.ofSeconds(9)));
    plan.next();
    plan.failed(status(503, Duration.ofSeconds(9)));
    clock.advance(Duration.ofSeconds(55));
    assertThat(plan.next()).isEqualTo(new AttemptPlan.GiveUp(false));
  }

  @Test
  void projectResource_notHere_movesOnToTheNextUpstreamSpendingNothing() {
    AttemptPlan plan = plan(1, none(), true);
    plan.next();
    assertThat(plan.notHere(404)).isTrue();
    assertThat(plan.movingOn()).isTrue();
    assertThat(plan.next()).isEqualTo(new AttemptPlan.Send(b, AttemptPlan.Why.FIRST, a));
    assertThat(plan.movingOn()).isFalse();
    assertThat(plan.attempts()).isZero();
  }

  @Test
  void projectResource_notHereFromTheLastUpstream_isRelayed() {
    AttemptPlan plan = plan(3, plenty(), true);
    plan.next();
    plan.notHere(403);
    plan.next();
    assertThat(plan.notHere(404)).isFalse();
    assertThat(plan.movingOn()).isFalse();
  }

  @Test
  void notHere_nextUpstreamsBreakerOpen_isRelayed() {
    AttemptPlan plan = plan(3, plenty(), true);
    plan.next();
    closed.remove(b);
    assertThat(plan.notHere(404)).isFalse();
  }

  @Test
  void noProjectResource_a404_isTheAnswer() {
    AttemptPlan plan = plan(3, plenty(), false);
    plan.next();
    assertThat(plan.notHere(404)).isFalse();
  }

  @Test
  void projectResource_otherStatuses_areTheAnswer() {
    AttemptPlan plan = plan(3, plenty(), true);
    plan.next();
    assertThat(plan.notHere(200)).isFalse();
    assertThat(plan.notHere(400)).isFalse();
    assertThat(plan.notHere(500)).isFalse();
  }
}
