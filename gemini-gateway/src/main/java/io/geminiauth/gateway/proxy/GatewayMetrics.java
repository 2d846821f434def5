package io.geminiauth.gateway.proxy;

import io.geminiauth.gateway.MetricLabels;
import io.geminiauth.gateway.upstream.UpstreamFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's meters: requests by client, model, method and status with their latency; upstream
 * calls and their latency; retries and the budget; bulkhead queue time; requests in flight. Names
 * carry no secret: clients by name, upstreams by name, keys never.
 */
@Singleton
public class GatewayMetrics {
  private final MeterRegistry meters;
  private final AtomicInteger inFlight = new AtomicInteger();
  // Looked up once per label set: building a meter id per request costs more than the request's
  // own work on the hot path.
  private final Map<RequestLabels, Timer> requestTimers = new ConcurrentHashMap<>();
  private final Map<List<String>, Timer> upstreamTimers = new ConcurrentHashMap<>();
  private final Map<String, Timer> queueTimers = new ConcurrentHashMap<>();

  private record RequestLabels(String client, String model, String method, int status) {}

  private final MetricLabels labels;

  public GatewayMetrics(MeterRegistry meters, MetricLabels labels) {
    this.meters = meters;
    this.labels = labels;
    meters.gauge("gateway_requests_in_flight", inFlight);
  }

  void started() {
    inFlight.incrementAndGet();
  }

  void finished(String client, String model, String method, int status, long nanos) {
    inFlight.decrementAndGet();
    requestTimers
        .computeIfAbsent(
            new RequestLabels(
                client, this.labels.model(model, status), MetricLabels.method(method), status),
            labels ->
                Timer.builder("gateway_request_seconds")
                    .description("Client requests, from arrival to the last byte of the answer")
                    .tag("client", labels.client())
                    .tag("model", labels.model())
                    .tag("method", labels.method())
                    .tag("status", Integer.toString(labels.status()))
                    .publishPercentileHistogram()
                    .register(meters))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void upstreamCall(String upstream, String outcome, long nanos) {
    upstreamTimers
        .computeIfAbsent(
            List.of(upstream, outcome),
            labels ->
                Timer.builder("gateway_upstream_seconds")
                    .description("Upstream attempts, from sending to the answer's head")
                    .tag("upstream", labels.get(0))
                    .tag("outcome", labels.get(1))
                    .publishPercentileHistogram()
                    .register(meters))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void queued(String upstream, long nanos) {
    queueTimers
        .computeIfAbsent(
            upstream,
            name ->
                Timer.builder("gateway_upstream_queue_seconds")
                    .description("Time a request waited for a slot in the upstream's bulkhead")
                    .tag("upstream", name)
                    .register(meters))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** An attempt went out; a failover or a retry is counted with the failure that caused it. */
  void sent(AttemptPlan.Send send, UpstreamFailure cause) {
    if (send.why() == AttemptPlan.Why.FAILOVER) {
      failedOver(send.after().name(), cause.label());
    } else if (send.why() == AttemptPlan.Why.RETRY) {
      retried(send.upstream().name(), cause.label());
    }
  }

  private void retried(String upstream, String reason) {
    counter("gateway_retries_total", "upstream", upstream, "reason", reason).increment();
  }

  private void failedOver(String from, String reason) {
    counter("gateway_failovers_total", "upstream", from, "reason", reason).increment();
  }

  void budgetExhausted() {
    counter("gateway_retry_budget_exhausted_total").increment();
  }

  /** An upstream took nothing: its breaker is open or its bulkhead full. */
  void skipped(String upstream, boolean bulkheadFull) {
    String why = bulkheadFull ? "bulkhead-full" : "breaker-open";
    counter("gateway_upstream_skipped_total", "upstream", upstream, "why", why).increment();
  }

  /** A check of a Google API key: kept, rejected, inconclusive, restored. */
  void keyChecked(String upstream, String outcome) {
    counter("gateway_upstream_key_checks_total", "upstream", upstream, "outcome", outcome)
        .increment();
  }

  void keyRetired(String upstream) {
    counter("gateway_upstream_keys_retired_total", "upstream", upstream).increment();
  }

  private Counter counter(String name, String... tags) {
    return meters.counter(name, tags);
  }
}
