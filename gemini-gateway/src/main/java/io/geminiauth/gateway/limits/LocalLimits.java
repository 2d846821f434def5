package io.geminiauth.gateway.limits;

import io.geminiauth.gateway.client.Client;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import io.smallrye.faulttolerance.api.TypedGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A single replica's limits, in its memory: requests per rolling minute (SmallRye Fault Tolerance's
 * rate limit), a semaphore of concurrent slots, and the day's tokens. Keyed by the client's
 * settings, not its name, so that a client whose limits change gets new ones.
 */
public final class LocalLimits implements ClientLimits {
  private static final long DAY_MILLIS = 86_400_000L;
  private static final CompletableFuture<Boolean> YES = CompletableFuture.completedFuture(true);
  private static final CompletableFuture<Boolean> NO = CompletableFuture.completedFuture(false);

  private final Clock clock;
  private final Map<Client, TypedGuard<Boolean>> rateLimits = new ConcurrentHashMap<>();
  private final Map<Client, Semaphore> slots = new ConcurrentHashMap<>();
  private final Map<Client, AtomicLong> retryAfterMillis = new ConcurrentHashMap<>();
  private final Map<String, Day> days = new ConcurrentHashMap<>();

  private record Day(long epochDay, AtomicLong used) {}

  public LocalLimits(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletionStage<Boolean> takeRequest(Client client) {
    try {
      rateLimit(client).call(() -> Boolean.TRUE);
      return YES;
    } catch (RateLimitException e) {
      retryAfterMillis.computeIfAbsent(client, c -> new AtomicLong()).set(e.getRetryAfterMillis());
      return NO;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Duration untilNextRequest(Client client) {
    AtomicLong millis = retryAfterMillis.get(client);
    return Duration.ofMillis(millis == null ? 1000 : millis.get());
  }

  @Override
  public Slot takeSlot(Client client) {
    Semaphore semaphore = slots.computeIfAbsent(client, c -> new Semaphore(c.maxConcurrent()));
    if (!semaphore.tryAcquire()) {
      return null;
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        semaphore.release();
      }
    };
  }

  @Override
  public CompletionStage<Long> usedToday(String client) {
    return CompletableFuture.completedFuture(day(client).used().get());
  }

  @Override
  public void addTokens(String client, long tokens) {
    day(client).used().addAndGet(tokens);
  }

  private TypedGuard<Boolean> rateLimit(Client client) {
    return rateLimits.computeIfAbsent(
        client,
        c ->
            TypedGuard.create(Boolean.class)
                .withDescription("client-rate:" + c.name())
                .withRateLimit()
                .limit(c.requestsPerMinute())
                .window(1, ChronoUnit.MINUTES)
                .type(RateLimitType.ROLLING)
                .done()
                .build());
  }

  /** The client's count of today (UTC days, from the clock's epoch milliseconds). */
  private Day day(String client) {
    long today = Math.floorDiv(clock.millis(), DAY_MILLIS);
    Day current = days.get(client);
    if (current != null && current.epochDay() == today) {
      return current;
    }
    return days.compute(
        client,
        (c, d) -> d != null && d.epochDay() == today ? d : new Day(today, new AtomicLong()));
  }
}
