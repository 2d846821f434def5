package io.geminiauth.gateway.limits;

import io.geminiauth.gateway.GatewayErrors;
import io.geminiauth.gateway.client.Client;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a client's request may start: the model must be one the client may call, the
 * client must have tokens left of its daily budget, be within its requests per minute and its
 * concurrent requests, counted by {@link ClientLimits} (on this replica, or shared by the fleet).
 * Refusals are Google's errors, so SDKs know what to do: 403 for a model the client may not use
 * (permanent, not retried), 429 with RetryInfo and Retry-After for limits.
 */
@Singleton
public class ClientAdmission {
  private static final long DAY_MILLIS = 86_400_000L;
  private final ClientLimits limits;
  private final Clock clock;
  private final MeterRegistry meters;

  public ClientAdmission(ClientLimits limits, Clock clock, MeterRegistry meters) {
    this.limits = limits;
    this.clock = clock;
    this.meters = meters;
  }

  /** Counts a refusal: {@code gateway_limit_refusals_total{client, limit}} (alerts use it). */
  private void refused(Client client, String limit) {
    meters
        .counter("gateway_limit_refusals_total", "client", client.name(), "limit", limit)
        .increment();
  }

  /** A started request; {@link #close()} ends it (exactly once). */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Admits one request of {@code client} for {@code model} (null: no model, e.g. a list). The model
   * check throws at once; the limits' answer is usually complete at once too, and otherwise comes
   * when the shared count has answered.
   */
  public CompletionStage<Permit> admit(Client client, String model) {
    if (model != null && !client.models().matches(model)) {
      throw GatewayErrors.modelNotAllowed(model);
    }
    if (client.dailyTokenBudget() <= 0) {
      return underRate(client);
    }
    CompletionStage<Long> used = limits.usedToday(client.name());
    return used.thenCompose(
        tokens -> {
          if (tokens < client.dailyTokenBudget()) {
            return underRate(client);
          }
          refused(client, "daily-budget");
          return CompletableFuture.failedFuture(
              GatewayErrors.dailyBudgetUsed(client.dailyTokenBudget(), untilMidnight()));
        });
  }

  /** How long until the budgets start over (midnight UTC). */
  private Duration untilMidnight() {
    long now = clock.millis();
    return Duration.ofMillis((Math.floorDiv(now, DAY_MILLIS) + 1) * DAY_MILLIS - now);
  }

  private CompletionStage<Permit> underRate(Client client) {
    ClientLimits.Slot slot = limits.takeSlot(client);
    if (slot == null) {
      refused(client, "concurrency");
      return CompletableFuture.failedFuture(
          GatewayErrors.tooManyConcurrent(client.maxConcurrent()));
    }
    CompletionStage<Boolean> taken;
    try {
      taken = limits.takeRequest(client);
    } catch (RuntimeException e) {
      slot.release();
      throw e;
    }
    return taken.handle(
        (admitted, failure) -> {
          if (failure != null || !admitted) {
            slot.release();
          }
          if (failure != null) {
            throw failure instanceof CompletionException c ? c : new CompletionException(failure);
          }
          if (!admitted) {
            refused(client, "requests-per-minute");
            Duration wait = limits.untilNextRequest(client);
            throw GatewayErrors.rateLimited(
                client.requestsPerMinute(),
                wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait);
          }
          return slot::release;
        });
  }
}
