package io.geminiauth.gateway.retry;

import io.geminiauth.gateway.GatewayConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The gateway's one retry policy and one retry budget, shared by every request. */
public class RetryRules {
  @Produces
  @Singleton
  RetryPolicy policy(GatewayConfig config) {
    return RetryPolicy.of(config.resilience());
  }

  @Produces
  @Singleton
  RetryBudget budget(GatewayConfig config, Clock clock) {
    return RetryBudget.of(config.resilience(), clock);
  }
}
