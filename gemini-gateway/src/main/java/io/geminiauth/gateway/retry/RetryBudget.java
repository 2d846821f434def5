package io.geminiauth.gateway.retry;

import io.geminiauth.gateway.GatewayConfig;
import java.time.Clock;
import java.time.Duration;

/**
 * Caps the gateway's retries at a share of its requests over a sliding window (per-second buckets),
 * plus a small floor per second so a quiet gateway can still retry. The Java GenAI SDK already
 * retries 5 times by itself: without this cap an upstream outage would turn each user request into
 * 5 × N upstream calls just when the upstream can least take them.
 */
public final class RetryBudget {
  private final Clock clock;
  private final double ratio;
  private final double floor;
  private final long[] bucketSecond;
  private final long[] requests;
  private final long[] retries;

  public RetryBudget(Clock clock, Duration window, double ratio, int minPerSecond) {
    if (ratio < 0 || ratio > 1) {
      throw new IllegalArgumentException("gateway.resilience.retry-budget-ratio must be in [0, 1]");
    }
    int seconds = (int) Math.max(1, window.toSeconds());
    this.clock = clock;
    this.ratio = ratio;
    this.floor = (double) minPerSecond * seconds;
    this.bucketSecond = new long[seconds];
    this.requests = new long[seconds];
    this.retries = new long[seconds];
  }

  public static RetryBudget of(GatewayConfig.Resilience config, Clock clock) {
    return new RetryBudget(
        clock, config.budgetWindow(), config.retryBudgetRatio(), config.retryBudgetMinPerSecond());
  }

  /** Counts one client request. */
  public synchronized void recordRequest() {
    requests[bucket()]++;
  }

  /** Takes one retry from the budget; false when the budget is spent (then do not retry). */
  public synchronized boolean tryRetry() {
    int current = bucket();
    long now = bucketSecond[current];
    long requestSum = 0;
    long retrySum = 0;
    for (int i = 0; i < requests.length; i++) {
      if (now - bucketSecond[i] < requests.length) {
        requestSum += requests[i];
        retrySum += retries[i];
      }
    }
    if (retrySum + 1 > floor + ratio * requestSum) {
      return false;
    }
    retries[current]++;
    return true;
  }

  /** The bucket of the current second, emptied if it last held an older second. */
  private int bucket() {
    long second = Math.floorDiv(clock.millis(), 1000);
    int index = (int) Math.floorMod(second, (long) requests.length);
    if (bucketSecond[index] != second) {
      bucketSecond[index] = second;
      requests[index] = 0;
      retries[index] = 0;
    }
    return index;
  }
}
