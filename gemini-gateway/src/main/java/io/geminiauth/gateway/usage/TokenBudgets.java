package io.geminiauth.gateway.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
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
  private record Day(LocalDate date, AtomicLong used) {}

  private final Clock clock;
  private final MeterRegistry meters;
  private final Map<String, Day> days = new ConcurrentHashMap<>();
  private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

  public TokenBudgets(Clock clock, MeterRegistry meters) {
    this.clock = clock;
    this.meters = meters;
  }

  /** Tokens {@code client} used today. */
  public long usedToday(String client) {
    return day(client).used().get();
  }

  /** How long until the budgets start over (midnight UTC). */
  public Duration untilReset() {
    LocalDate tomorrow = LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1);
    return Duration.between(clock.instant(), tomorrow.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** Counts one answer's usage. */
  public void record(String client, String model, UsageScanner usage) {
    if (usage.totalTokens() <= 0 && usage.promptTokens() <= 0) {
      return;
    }
    long total = Math.max(usage.totalTokens(), usage.promptTokens() + usage.candidatesTokens());
    day(client).used().addAndGet(total);
    String m = model == null ? "-" : model;
    meters
        .counter("gateway_tokens_total", "client", client, "model", m, "kind", "prompt")
        .increment(usage.promptTokens());
    meters
        .counter("gateway_tokens_total", "client", client, "model", m, "kind", "candidates")
        .increment(usage.candidatesTokens());
    meters
        .counter("gateway_tokens_total", "client", client, "model", m, "kind", "total")
        .increment(total);
  }

  private Day day(String client) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    return days.compute(
        client,
        (c, d) -> d != null && d.date().equals(today) ? d : new Day(today, new AtomicLong()));
  }
}
