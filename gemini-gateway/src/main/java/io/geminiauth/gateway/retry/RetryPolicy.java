package io.geminiauth.gateway.retry;

import io.geminiauth.gateway.GatewayConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * When the gateway tries again and how long it waits. Pure: the random draw is passed in, so tests
 * call it with fixed values.
 *
 * <p>Retried: 408, 429, 500, 502, 503, 504, timeouts and connection failures, the same set the Java
 * GenAI SDK retries. Waits: exponential backoff with full jitter ({@code random × min(max, initial
 * × 2^(n-1))}), but never less than what the upstream asked for in RetryInfo or Retry-After; an
 * upstream that asks for more than {@code maxServerDelay} is not waited for.
 */
public final class RetryPolicy {
  /** The statuses worth another attempt (elsewhere or later). */
  public static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxServerDelay;

  public RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration maxServerDelay) {
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "gateway.resilience: max-backoff must be at least initial-backoff, both positive");
    }
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.maxServerDelay = maxServerDelay;
  }

  public static RetryPolicy of(GatewayConfig.Resilience config) {
    return new RetryPolicy(config.initialBackoff(), config.maxBackoff(), config.maxServerDelay());
  }

  public static boolean retryable(int status) {
    return RETRYABLE_STATUSES.contains(status);
  }

  /**
   * The wait before backoff round {@code round} (1 for the first) on upstreams already tried, or
   * empty when the upstream asked for longer than the gateway waits.
   *
   * @param random a draw from [0, 1)
   */
  public Optional<Duration> wait(int round, Optional<Duration> serverDelay, double random) {
    if (serverDelay.isPresent() && serverDelay.get().compareTo(maxServerDelay) > 0) {
      return Optional.empty();
    }
    long cap = initialBackoff.toMillis() << Math.min(round - 1, 30);
    long ceiling = Math.min(maxBackoff.toMillis(), cap < 0 ? Long.MAX_VALUE : cap);
    Duration jittered = Duration.ofMillis((long) (random * ceiling));
    return Optional.of(serverDelay.filter(d -> d.compareTo(jittered) > 0).orElse(jittered));
  }
}
