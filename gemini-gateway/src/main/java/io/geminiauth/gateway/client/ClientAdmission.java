package io.geminiauth.gateway.client;

import io.geminiauth.gateway.GatewayErrors;
import io.geminiauth.gateway.usage.TokenBudgets;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Decides whether a client's request may start: the model must be one the client may call, the
 * client must have tokens left of its daily budget, be within its requests per minute (a rolling
 * window, SmallRye Fault Tolerance's rate limit) and its concurrent requests. Refusals are Google's
 * errors, so SDKs know what to do: 403 for a model the client may not use (permanent, not retried),
 * 429 with RetryInfo and Retry-After for limits.
 */
@Singleton
public class ClientAdmission {
  private final Map<Client, TypedGuard<Boolean>> rateLimits = new ConcurrentHashMap<>();
  private final TokenBudgets budgets;

  public ClientAdmission(TokenBudgets budgets) {
    this.budgets = budgets;
  }

  // By the client's settings, not its name: a client whose limits change gets new ones.
  private final Map<Client, Semaphore> inFlight = new ConcurrentHashMap<>();

  /** A started request; {@link #close()} ends it (exactly once). */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /** Admits one request of {@code client} for {@code model} (null: no model, e.g. a list). */
  public Permit admit(Client client, String model) {
    if (model != null && !client.models().matches(model)) {
      throw GatewayErrors.modelNotAllowed(model);
    }
    if (client.dailyTokenBudget() > 0
        && budgets.usedToday(client.name()) >= client.dailyTokenBudget()) {
      throw GatewayErrors.dailyBudgetUsed(client.dailyTokenBudget(), budgets.untilReset());
    }
    Semaphore slots = inFlight.computeIfAbsent(client, c -> new Semaphore(c.maxConcurrent()));
    if (!slots.tryAcquire()) {
      throw GatewayErrors.tooManyConcurrent(client.maxConcurrent());
    }
    try {
      rateLimit(client).call(() -> Boolean.TRUE);
    } catch (RateLimitException e) {
      slots.release();
      Duration wait = Duration.ofMillis(Math.max(1000, e.getRetryAfterMillis()));
      throw GatewayErrors.rateLimited(client.requestsPerMinute(), wait);
    } catch (Exception e) {
      slots.release();
      throw new IllegalStateException(e);
    }
    return new Permit() {
      private boolean closed;

      @Override
      public synchronized void close() {
        if (!closed) {
          closed = true;
          slots.release();
        }
      }
    };
  }

  private TypedGuard<Boolean> rateLimit(Client client) {
    return rateLimits.computeIfAbsent(
        client,
        c ->
            TypedGuard.create(Boolean.class)
                .withDescription("client-rate:" + c.name())
                .withRateLimit()
                .limit(client.requestsPerMinute())
                .window(1, ChronoUnit.MINUTES)
                .type(RateLimitType.ROLLING)
                .done()
                .build());
  }
}
