package io.geminiauth.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.geminiauth.gateway.limits.LocalLimits;
import io.geminiauth.testsupport.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBudgetsTest {
  private final MovableClock clock = MovableClock.at(Instant.parse("2026-12-01T23:59:00Z"));
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final LocalLimits limits = new LocalLimits(clock);
  private final TokenBudgets budgets =
      new TokenBudgets(meters, new io.geminiauth.gateway.MetricLabels(), limits);

  private long usedToday(String client) {
    return limits.usedToday(client).toCompletableFuture().join();
  }

  private static UsageScanner usage(int prompt, int candidates, int total) {
    UsageScanner scanner = new UsageScanner();
    scanner.feed(
        Buffer.buffer(
            "{\"usageMetadata\":{\"promptTokenCount\":"
                + prompt
                + ",\"candidatesTokenCount\":"
                + candidates
                + ",\"totalTokenCount\":"
                + total
                + "}}"));
    return scanner;
  }

  private double counted(String client, String model, String kind) {
    return meters
        .get("gateway_tokens_total")
        .tags("client", client, "model", model, "kind", kind)
        .counter()
        .count();
  }

  @Test
  void record_addsToTodayAndToTheMetersOfClientAndModel() {
    budgets.record("alpha", "gemini-2.5-flash", usage(7, 3, 12));
    budgets.record("alpha", "gemini-2.5-flash", usage(1, 1, 2));
    budgets.record("beta", null, usage(5, 0, 5));

    assertThat(usedToday("alpha")).isEqualTo(14);
    assertThat(usedToday("beta")).isEqualTo(5);
    assertThat(counted("alpha", "gemini-2.5-flash", "prompt")).isEqualTo(8);
    assertThat(counted("alpha", "gemini-2.5-flash", "candidates")).isEqualTo(4);
    assertThat(counted("alpha", "gemini-2.5-flash", "total")).isEqualTo(14);
    assertThat(counted("beta", "-", "total")).isEqualTo(5);
  }

  @Test
  void record_totalMissing_countsPromptPlusCandidates() {
    budgets.record("alpha", "m", usage(7, 3, 0));
    assertThat(usedToday("alpha")).isEqualTo(10);
  }

  @Test
  void usedToday_startsOverAtMidnightUtc() {
    budgets.record("alpha", "m", usage(7, 3, 10));

    clock.advance(Duration.ofSeconds(59));
    assertThat(usedToday("alpha")).isEqualTo(10);
    clock.advance(Duration.ofSeconds(1));
    assertThat(usedToday("alpha")).isZero();
    // The meters keep counting across days: they are totals, not budgets.
    budgets.record("alpha", "m", usage(1, 1, 2));
    assertThat(usedToday("alpha")).isEqualTo(2);
    assertThat(counted("alpha", "m", "total")).isEqualTo(12);
  }
}
