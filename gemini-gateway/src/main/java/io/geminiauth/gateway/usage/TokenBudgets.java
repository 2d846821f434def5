package io.geminiauth.gateway.usage;

import io.geminiauth.gateway.MetricLabels;
import io.geminiauth.gateway.limits.ClientLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens each client used, counted from the answers' {@code usageMetadata}, streams and cancelled
 * streams included: into the day's count of {@link ClientLimits} (this replica's or the fleet's),
 * and into the meters of tokens in and out per client and model.
 */
@Singleton
public class TokenBudgets {

  private record Labels(String client, String model) {}

  private record TokenCounters(Counter prompt, Counter candidates, Counter total) {}

  private final MeterRegistry meters;
  private final ClientLimits limits;
  // Looked up once per client and model: a meter id per answer costs more than the counting.
  private final Map<Labels, TokenCounters> counters = new ConcurrentHashMap<>();

  private final MetricLabels labels;

  public TokenBudgets(MeterRegistry meters, MetricLabels labels, ClientLimits limits) {
    this.limits = limits;
    this.meters = meters;
    this.labels = labels;
  }

  /** Counts one answer's usage. */
  public void record(String client, String model, UsageScanner usage) {
    if (usage.totalTokens() <= 0 && usage.promptTokens() <= 0) {
      return;
    }
    long total = Math.max(usage.totalTokens(), usage.promptTokens() + usage.candidatesTokens());
    limits.addTokens(client, total);
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
}
