package io.geminiauth.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.retry.Jitter;
import io.geminiauth.gateway.retry.RetryBudget;
import io.geminiauth.gateway.retry.RetryPolicy;
import io.geminiauth.gateway.upstream.ResourceAffinity;
import io.geminiauth.gateway.upstream.Upstream;
import io.geminiauth.gateway.usage.TokenBudgets;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * The beans every {@link Exchange} performs its plan with, gathered once: singletons, so no client
 * proxy stands between a request and its collaborators on the hot path. No logic of its own but
 * making a request's plan.
 */
record ExchangeServices(
    UpstreamCaller caller,
    ResponseRelay relay,
    CredentialRefusals refusals,
    GatewayMetrics metrics,
    RetryPolicy policy,
    RetryBudget budget,
    Jitter jitter,
    TokenBudgets budgets,
    ResourceAffinity affinity,
    GatewayConfig.Resilience resilience,
    ObjectMapper mapper,
    Vertx vertx,
    Clock clock) {

  /** The plan of one request over {@code candidates}, under the gateway's retry rules. */
  AttemptPlan plan(List<Upstream> candidates, boolean repeatable, String model) {
    return new AttemptPlan(
        candidates,
        Upstream::available,
        repeatable ? resilience.maxAttempts() : 1,
        clock.millis() + resilience.totalTimeout().toMillis(),
        policy,
        budget,
        jitter,
        clock::millis,
        resilience.breakerDelay(),
        model);
  }

  /** Gathers them. */
  @Singleton
  static class Wiring {
    @Produces
    @Singleton
    ExchangeServices services(
        UpstreamCaller caller,
        ResponseRelay relay,
        CredentialRefusals refusals,
        GatewayMetrics metrics,
        RetryPolicy policy,
        RetryBudget budget,
        Jitter jitter,
        TokenBudgets budgets,
        ResourceAffinity affinity,
        GatewayConfig config,
        ObjectMapper mapper,
        Vertx vertx,
        Clock clock) {
      return new ExchangeServices(
          caller,
          relay,
          refusals,
          metrics,
          policy,
          budget,
          jitter,
          budgets,
          affinity,
          config.resilience(),
          mapper,
          vertx,
          clock);
    }
  }
}
