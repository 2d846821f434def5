package io.geminiauth.gateway.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's meters: requests by client, model, method and status with their latency; upstream
 * calls and their latency; retries and the budget; bulkhead queue time; requests in flight. Names
 * carry no secret: clients by name, upstreams by name, keys never.
 */
@ApplicationScoped
public class GatewayMetrics {
  private final MeterRegistry meters;
  private final AtomicInteger inFlight = new AtomicInteger();

  public GatewayMetrics(MeterRegistry meters) {
    this.meters = meters;
    meters.gauge("gateway_requests_in_flight", inFlight);
  }

  void started() {
    inFlight.incrementAndGet();
  }

  void finished(String client, String model, String method, int status, long nanos) {
    inFlight.decrementAndGet();
    Timer.builder("gateway_request_seconds")
        .description("Client requests, from arrival to the last byte of the answer")
        .tag("client", client)
        .tag("model", model == null ? "-" : model)
        .tag("method", method == null ? "-" : method)
        .tag("status", Integer.toString(status))
        .publishPercentileHistogram()
        .register(meters)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void upstreamCall(String upstream, String outcome, long nanos) {
    Timer.builder("gateway_upstream_seconds")
        .description("Upstream attempts, from sending to the answer's head")
        .tag("upstream", upstream)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(meters)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void queued(String upstream, long nanos) {
    Timer.builder("gateway_upstream_queue_seconds")
        .description("Time a request waited for a slot in the upstream's bulkhead")
        .tag("upstream", upstream)
        .register(meters)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void retried(String upstream, String reason) {
    counter("gateway_retries_total", "upstream", upstream, "reason", reason).increment();
  }

  void failedOver(String from, String reason) {
    counter("gateway_failovers_total", "upstream", from, "reason", reason).increment();
  }

  void budgetExhausted() {
    counter("gateway_retry_budget_exhausted_total").increment();
  }

  void skipped(String upstream, String why) {
    counter("gateway_upstream_skipped_total", "upstream", upstream, "why", why).increment();
  }

  void keyRetired(String upstream) {
    counter("gateway_upstream_keys_retired_total", "upstream", upstream).increment();
  }

  private Counter counter(String name, String... tags) {
    return meters.counter(name, tags);
  }
}
