package io.geminiauth.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.audit.GatewayAudit;
import io.geminiauth.gateway.credential.Credential;
import io.geminiauth.gateway.retry.RetryBudget;
import io.geminiauth.gateway.retry.RetryPolicy;
import io.geminiauth.gateway.retry.UpstreamErrorBody;
import io.geminiauth.gateway.upstream.ResourceAffinity;
import io.geminiauth.gateway.upstream.Upstream;
import io.geminiauth.gateway.upstream.UpstreamFailure;
import io.geminiauth.gateway.usage.TokenBudgets;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jboss.logging.Logger;

/**
 * What every {@link Exchange} shares: the caller, the relay, the retry rules and the meters. The
 * hot path's beans are singletons: no client proxy between a request and its collaborators.
 */
@Singleton
public class ExchangeTools {
  private static final Logger LOG = Logger.getLogger(ExchangeTools.class);

  private final UpstreamCaller caller;
  private final GatewayMetrics metrics;
  private final GatewayConfig.Resilience resilience;
  private final ObjectMapper mapper;
  private final Vertx vertx;
  private final Clock clock;
  private final RetryPolicy policy;
  private final RetryBudget budget;
  private final ResponseRelay relay;
  private final GatewayAudit audit;
  private final TokenBudgets budgets;
  private final ResourceAffinity affinity;

  public ExchangeTools(
      GatewayAudit audit,
      TokenBudgets budgets,
      ResourceAffinity affinity,
      UpstreamCaller caller,
      GatewayMetrics metrics,
      GatewayConfig config,
      ObjectMapper mapper,
      Vertx vertx,
      Clock clock) {
    this.audit = audit;
    this.budgets = budgets;
    this.affinity = affinity;
    this.caller = caller;
    this.metrics = metrics;
    this.resilience = config.resilience();
    this.mapper = mapper;
    this.vertx = vertx;
    this.clock = clock;
    this.policy = RetryPolicy.of(resilience);
    this.budget = RetryBudget.of(resilience, clock);
    this.relay = new ResponseRelay(vertx, mapper, resilience.idleTimeout());
  }

  /**
   * Google refused a credential of an upstream: a key is out of rotation for good, a token is
   * dropped for a fresh one. Either way it is logged, counted and audited, loudly: it needs an
   * operator.
   */
  void credentialRefused(Upstream upstream, Credential credential, UpstreamFailure refusal) {
    String reason = UpstreamErrorBody.reason(refusal.body(), mapper).orElse("?");
    if (credential instanceof Credential.ApiKey) {
      metrics.keyRetired(upstream.name());
      LOG.errorf(
          "upstream %s: Google refused %s (%d %s); it is out of rotation, %d key(s) left",
          upstream.name(),
          credential.name(),
          refusal.status(),
          reason,
          upstream.credentials().size());
      audit.upstreamKeyRejected(
          upstream.name(),
          credential.name(),
          refusal.status(),
          reason,
          upstream.credentials().size());
    } else {
      LOG.warnf(
          "upstream %s: Google refused the token of %s (%d %s); fetching a new one",
          upstream.name(), credential.name(), refusal.status(), reason);
      audit.upstreamAuthFailed(upstream.name(), credential.name(), refusal.status(), reason);
    }
  }

  UpstreamCaller caller() {
    return caller;
  }

  GatewayMetrics metrics() {
    return metrics;
  }

  GatewayConfig.Resilience resilience() {
    return resilience;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  Vertx vertx() {
    return vertx;
  }

  Clock clock() {
    return clock;
  }

  RetryPolicy policy() {
    return policy;
  }

  RetryBudget budget() {
    return budget;
  }

  TokenBudgets budgets() {
    return budgets;
  }

  ResourceAffinity affinity() {
    return affinity;
  }

  ResponseRelay relay() {
    return relay;
  }

  DoubleSupplier random() {
    return () -> ThreadLocalRandom.current().nextDouble();
  }
}
