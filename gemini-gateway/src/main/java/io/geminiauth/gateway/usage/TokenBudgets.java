package io.geminiauth.gateway.usage;

import io.geminiauth.gateway.MetricLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens each client used today (UTC), counted from the answers' {@code usageMetadata}, streams and
 * cancelled streams included, and the meters of tokens in and out per client and model. Counted per
 * gateway instance: with several replicas each enforces the budget on what it served.
 */
@Singleton
public class TokenBudgets {
  private static final long DAY_MILLIS = 86_400_000L;

  private record Day(long epochDay, AtomicLong used) {}

  private record Labels(String client, String model) {}

  private record TokenCounters(Counter prompt, Counter candidates, Counter total) {}

  private final Clock clock;
  private final MeterRegistry meters;
  private final Map<String, Day> days = new ConcurrentHashMap<>();
  // Looked up once per client and model: a meter id per answer costs more than the counting.
  private final Map<Labels, TokenCounters> counters = new ConcurrentHashMap<>();

  private final MetricLabels labels;

  public TokenBudgets(Clock clock, MeterRegistry meters, MetricLabels labels) {
    this.clock = clock;
    this.meters = meters;
    this.labels = labels;
  }

  /** Tokens {@code client} used today. */
  public long usedToday(String client) {
    return day(client).used().get();
  }

  /** How long until the budgets start over (midnight UTC). */
  public Duration untilReset() {
    long now = clock.millis();
    return Duration.ofMillis((Math.floorDiv(now, DAY_MILLIS) + 1) * DAY_MILLIS - now);
  }

  /** Counts one answer's usage. */
  public void record(String client, String model, UsageScanner usage) {
    if (usage.totalTokens() <= 0 && usage.promptTokens() <= 0) {
      return;
    }
    long total = Math.max(usage.totalTokens(), usage.promptTokens() + usage.candidatesTokens());
    day(client).used().addAndGet(total);
    TokenCounters meter =
        counters.computeIfAbsent(
            // Usage comes only with a served answer.
            new Labels(client, this.labels.model(model, 200)),
            labels ->
                new TokenCounters(
                    counter(labels, "prompt"),
                    counter(labels, "candidates"),
                    counter(labels, "total")));
    meter.prompt().increment(usage.promptTokens());
    meter.candidates().increment(usage.candidatesTokens());
    meter.total().increment(total);
  }

  private Counter counter(Labels labels, String kind) {
    return meters.counter(
        "gateway_tokens_total", "client", labels.client(), "model", labels.model(), "kind", kind);
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
