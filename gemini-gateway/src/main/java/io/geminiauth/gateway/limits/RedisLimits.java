package io.geminiauth.gateway.limits;

import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.client.Client;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.RemoteAsyncBucketBuilder;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Limits shared by every replica through Redis, without a Redis round trip on most requests:
 *
 * <ul>
 *   <li>Requests per minute: a Bucket4j token bucket per client in Redis (capacity the limit,
 *       refilled with the limit every minute). For limits of 100 a minute and more, Bucket4j's
 *       delaying optimisation lets a replica take up to 2 % of the limit locally, for at most 100
 *       ms, before it synchronises: the fleet may overshoot by that much per replica, and no
 *       request waits on Redis. Smaller limits synchronise on every request.
 *   <li>Concurrent requests: each replica publishes its in-flight count per client every {@code
 *       gateway.limits.share-interval} and reads the others'; a replica that stops publishing drops
 *       out after a few intervals, so a crash frees its slots.
 *   <li>Tokens of the day: added locally, flushed with {@code INCRBY} every share interval, which
 *       answers the fleet's total; Redis keeps it past restarts until the day is over.
 * </ul>
 *
 * While Redis does not answer (within {@code gateway.limits.redis-timeout}), {@code
 * gateway.limits.redis-down} decides: {@code open} counts on this replica alone ({@link
 * LocalLimits}), {@code closed} refuses with 503; either way a metric and one log line per outage
 * say so, and no request waits longer than the timeout.
 */
public final class RedisLimits implements ClientLimits, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RedisLimits.class);
  private static final long DAY = 86_400_000L;

  private final RedisLink link;
  private final Clock clock;
  private final String instance;
  private final long shareMillis;
  private final boolean failOpen;
  private final LocalLimits fallback;
  private final Counter failures;
  private final AtomicBoolean degraded = new AtomicBoolean();

  private final Map<Client, AsyncBucketProxy> buckets = new ConcurrentHashMap<>();
  private final Map<Client, AtomicLong> waitNanos = new ConcurrentHashMap<>();
  private final Map<String, Shared> shared = new ConcurrentHashMap<>();

  /** What this replica shares about one client: in flight, tokens to add, and what it read. */
  private static final class Shared {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicLong pendingTokens = new AtomicLong();
    volatile int othersInFlight;
    volatile long fleetTokens;
    volatile long tokensDay = -1;
    volatile long lastUsed;
  }

  public RedisLimits(
      URI redis, Clock clock, String instance, GatewayConfig.Limits config, MeterRegistry meters) {
    this.link = new RedisLink(redis, config.redisTimeout(), clock);
    this.clock = clock;
    this.instance = instance;
    this.shareMillis = config.shareInterval().toMillis();
    this.failOpen = config.redisDown() == GatewayConfig.Limits.RedisDown.OPEN;
    this.fallback = new LocalLimits(clock);
    this.failures =
        Counter.builder("gateway_shared_limits_redis_failures_total")
            .description("Calls to Redis for the shared client limits that failed or timed out")
            .register(meters);
    Gauge.builder("gateway_shared_limits_degraded", degraded, d -> d.get() ? 1 : 0)
        .description(
            "1 while Redis cannot be reached: limits are counted per replica (open) or refused"
                + " (closed)")
        .register(meters);
    degraded.set(true); // until connected
    link.connect();
  }

  // ---- requests per minute

  @Override
  public CompletionStage<Boolean> takeRequest(Client client) {
    AsyncProxyManager<String> manager = link.buckets();
    if (degraded.get() || manager == null) {
      return whileDown(client, null);
    }
    CompletableFuture<ConsumptionProbe> probe =
        buckets.computeIfAbsent(client, c -> bucket(manager, c)).tryConsumeAndReturnRemaining(1);
    if (probe.isDone() && !probe.isCompletedExceptionally()) {
      return decided(client, probe.join()); // served from the replica's share: no round trip
    }
    return probe
        .thenApply(p -> decided(client, p).toCompletableFuture().join())
        .exceptionallyCompose(e -> whileDown(client, e));
  }

  private CompletionStage<Boolean> decided(Client client, ConsumptionProbe probe) {
    if (!probe.isConsumed()) {
      waitNanos.computeIfAbsent(client, c -> new AtomicLong()).set(probe.getNanosToWaitForRefill());
    }
    return CompletableFuture.completedFuture(probe.isConsumed());
  }

  private AsyncBucketProxy bucket(AsyncProxyManager<String> manager, Client client) {
    int limit = client.requestsPerMinute();
    RemoteAsyncBucketBuilder<String> builder = manager.builder();
    if (limit >= 100) {
      builder =
          builder.withOptimization(
              Optimizations.delaying(new DelayParameters(limit / 50, Duration.ofMillis(100))));
    }
    // The limit is in the key: a client whose limit changes starts a bucket of the new size.
    return builder.build(
        "gw:rpm:" + client.name() + ":" + limit,
        BucketConfiguration.builder()
            .addLimit(l -> l.capacity(limit).refillIntervally(limit, Duration.ofMinutes(1)))
            .build());
  }

  private CompletionStage<Boolean> whileDown(Client client, Throwable failure) {
    if (failure != null) {
      failed(failure);
    }
    if (failOpen) {
      return fallback.takeRequest(client);
    }
    return CompletableFuture.failedFuture(new LimitsUnavailable());
  }

  @Override
  public Duration untilNextRequest(Client client) {
    if (degraded.get() && failOpen) {
      return fallback.untilNextRequest(client);
    }
    AtomicLong nanos = waitNanos.get(client);
    return nanos == null ? Duration.ofSeconds(1) : Duration.ofNanos(nanos.get());
  }

  // ---- concurrent requests

  @Override
  public Slot takeSlot(Client client) {
    if (degraded.get()) {
      if (failOpen) {
        return fallback.takeSlot(client);
      }
      throw new LimitsUnavailable();
    }
    Shared state = shared(client.name());
    int mine = state.inFlight.incrementAndGet();
    if (mine + state.othersInFlight > client.maxConcurrent()) {
      state.inFlight.decrementAndGet();
      return null;
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        state.inFlight.decrementAndGet();
      }
    };
  }

  // ---- tokens of the day

  @Override
  public CompletionStage<Long> usedToday(String client) {
    Shared state = shared(client);
    long today = clock.millis() / DAY;
    if (state.tokensDay == today) {
      return CompletableFuture.completedFuture(state.fleetTokens + state.pendingTokens.get());
    }
    RedisAsyncCommands<String, String> redis = link.counters();
    if (degraded.get() || redis == null) {
      return tokensWhileDown(client, null);
    }
    // Not read yet today (a new replica, a restart): the fleet's count first.
    return redis
        .get(tokensKey(client, today))
        .toCompletableFuture()
        .thenApply(
            value -> {
              state.fleetTokens = value == null ? 0 : Long.parseLong(value);
              state.tokensDay = today;
              return state.fleetTokens + state.pendingTokens.get();
            })
        .exceptionallyCompose(e -> tokensWhileDown(client, e));
  }

  private CompletionStage<Long> tokensWhileDown(String client, Throwable failure) {
    if (failure != null) {
      failed(failure);
    }
    return failOpen
        ? fallback.usedToday(client)
        : CompletableFuture.failedFuture(new LimitsUnavailable());
  }

  @Override
  public void addTokens(String client, long tokens) {
    shared(client).pendingTokens.addAndGet(tokens);
    fallback.addTokens(client, tokens);
  }

  private static String tokensKey(String client, long day) {
    return "gw:tokens:" + client + ":" + day;
  }

  // ---- sharing, every share interval

  /** Publishes this replica's counts and reads the others', for each client seen lately. */
  public void share() {
    RedisAsyncCommands<String, String> redis = link.counters();
    if (redis == null) {
      link.connect();
      return;
    }
    if (degraded.get()) {
      // Nothing else calls Redis while it is down: this is how the replica learns it is back.
      redis
          .ping()
          .whenComplete(
              (pong, e) -> {
                if (e == null) {
                  recovered();
                } else {
                  failed(e);
                }
              });
      return;
    }
    long now = clock.millis();
    long today = now / DAY;
    for (Map.Entry<String, Shared> entry : shared.entrySet()) {
      Shared state = entry.getValue();
      if (state.inFlight.get() == 0
          && state.pendingTokens.get() == 0
          && now - state.lastUsed > 20 * shareMillis) {
        continue; // idle: nothing to publish, nothing needed from the others
      }
      share(redis, entry.getKey(), state, now, today);
    }
  }

  private void share(
      RedisAsyncCommands<String, String> redis, String client, Shared state, long now, long today) {
    long tokens = state.pendingTokens.getAndSet(0);
    String concurrency = "gw:conc:" + client;
    String tokensKey = tokensKey(client, today);
    // Lettuce pipelines these on its one connection: one round trip.
    redis.hset(concurrency, instance, state.inFlight.get() + ":" + now);
    redis.pexpire(concurrency, 60_000);
    CompletableFuture<Map<String, String>> fields =
        redis.hgetall(concurrency).toCompletableFuture();
    CompletableFuture<Long> total = redis.incrby(tokensKey, tokens).toCompletableFuture();
    redis.pexpire(tokensKey, 2 * DAY);
    fields
        .thenCombine(
            total,
            (f, t) -> {
              state.othersInFlight = othersInFlight(redis, concurrency, f, now);
              state.fleetTokens = t;
              state.tokensDay = today;
              return null;
            })
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                state.pendingTokens.addAndGet(tokens);
                failed(e);
              }
            });
  }

  /** The other replicas' fresh in-flight counts; stale ones (a gone replica) are dropped. */
  private int othersInFlight(
      RedisAsyncCommands<String, String> redis, String key, Map<String, String> fields, long now) {
    int others = 0;
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      if (field.getKey().equals(instance)) {
        continue;
      }
      String value = field.getValue();
      int colon = value.indexOf(':');
      long at = Long.parseLong(value.substring(colon + 1));
      if (now - at > 5 * shareMillis + 1000) {
        stale.add(field.getKey());
      } else {
        others += Integer.parseInt(value.substring(0, colon));
      }
    }
    if (!stale.isEmpty()) {
      redis.hdel(key, stale.toArray(String[]::new));
    }
    return others;
  }

  private Shared shared(String client) {
    Shared state = shared.computeIfAbsent(client, c -> new Shared());
    state.lastUsed = clock.millis();
    return state;
  }

  private void failed(Throwable e) {
    failures.increment();
    if (degraded.compareAndSet(false, true)) {
      LOG.errorf(
          "Redis does not answer (%s): client limits are %s until it does",
          e.getClass().getSimpleName(),
          failOpen
              ? "counted by each replica on its own (gateway.limits.redis-down=open)"
              : "refusing requests with 503 (gateway.limits.redis-down=closed)");
    }
  }

  private void recovered() {
    if (degraded.compareAndSet(true, false)) {
      LOG.info("Redis answers: client limits are shared by every replica");
    }
  }

  @Override
  public void close() {
    link.close();
  }
}
