package io.geminiauth.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.retry.Jitter;
import io.geminiauth.gateway.retry.RetryBudget;
import io.geminiauth.gateway.retry.RetryPolicy;
import io.geminiauth.gateway.tenancy.ResourceOwnership;
import io.geminiauth.gateway.upstream.Upstream;
import io.geminiauth.gateway.usage.TokenBudgets;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * The beans every {@link Exchange} performs its plan with, gathered once: a singleton of
 * singletons, so no client proxy stands between a request and its collaborators on the hot path.
 * Package-private fields, read by the exchange directly; no logic of its own but making a request's
 * plan.
 */
@Singleton
class ExchangeServices {
  @Inject UpstreamCaller caller;
  @Inject ResponseRelay relay;
  @Inject CredentialRefusals refusals;
  @Inject GatewayMetrics metrics;
  @Inject RetryPolicy policy;
  @Inject RetryBudget budget;
  @Inject Jitter jitter;
  @Inject TokenBudgets budgets;
  @Inject ResourceOwnership ownership;
  @Inject GatewayConfig config;
  @Inject ObjectMapper mapper;
  @Inject Vertx vertx;
  @Inject Clock clock;

  /** The plan of one request over {@code candidates}, under the gateway's retry rules. */
  AttemptPlan plan(List<Upstream> candidates, Outgoing outgoing, String model) {
    GatewayConfig.Resilience resilience = config.resilience();
    return new AttemptPlan(
        candidates,
        Upstream::available,
        outgoing.repeatable() ? resilience.maxAttempts() : 1,
        clock.millis() + resilience.totalTimeout().toMillis(),
        policy,
        budget,
        jitter,
        clock::millis,
        resilience.breakerDelay(),
        model,
        outgoing.resource() != null);
  }
}
