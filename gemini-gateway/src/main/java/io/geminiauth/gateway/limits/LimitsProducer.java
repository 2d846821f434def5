package io.geminiauth.gateway.limits;

import io.geminiauth.gateway.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * The client limits the gateway counts with: this replica's ({@code gateway.limits.store=local},
 * the default) or the fleet's in Redis ({@code redis}), which it says at start.
 */
@Singleton
public class LimitsProducer {
  private static final Logger LOG = Logger.getLogger(LimitsProducer.class);
  private long timer = -1;
  private Vertx vertx;
  private RedisLimits shared;

  @Produces
  @Singleton
  ClientLimits limits(GatewayConfig config, Clock clock, MeterRegistry meters, Vertx vertx) {
    GatewayConfig.Limits limits = config.limits();
    if (limits.store() == GatewayConfig.Limits.Store.LOCAL) {
      LOG.info(
          "single instance: client requests per minute, concurrency and daily tokens are counted"
              + " by this replica; set gateway.limits.store=redis to share them across replicas");
      return new LocalLimits(clock);
    }
    RedisLimits shared =
        new RedisLimits(limits.redisUrl(), clock, config.instance(), limits, meters);
    this.vertx = vertx;
    this.shared = shared;
    timer = vertx.setPeriodic(limits.shareInterval().toMillis(), id -> shared.share());
    LOG.infof(
        "fleet: client limits are shared through Redis (shared every %s; while Redis is down: %s)",
        limits.shareInterval(), limits.redisDown().name().toLowerCase(java.util.Locale.ROOT));
    return shared;
  }

  void stop(@Observes ShutdownEvent stop) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      shared.close();
    }
  }
}
