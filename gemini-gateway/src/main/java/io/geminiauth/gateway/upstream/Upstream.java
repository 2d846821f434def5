package io.geminiauth.gateway.upstream;

import io.geminiauth.gateway.ModelPatterns;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import java.net.URI;
import java.util.concurrent.CompletionStage;

/**
 * One place the gateway can send a request: a Gemini API base URL with its credentials, the models
 * it serves and its priority, and its own bulkhead and circuit breaker (SmallRye Fault Tolerance),
 * which hold a slot and learn the outcome when the whole answer, stream included, has been relayed.
 */
public final class Upstream {
  private final String name;
  private final URI baseUrl;
  private final int priority;
  private final ModelPatterns models;
  private final CredentialSource credentials;
  private final TypedGuard<CompletionStage<Void>> guard;

  public Upstream(
      String name,
      URI baseUrl,
      int priority,
      ModelPatterns models,
      CredentialSource credentials,
      TypedGuard<CompletionStage<Void>> guard) {
    this.name = name;
    this.baseUrl = baseUrl;
    this.priority = priority;
    this.models = models;
    this.credentials = credentials;
    this.guard = guard;
  }

  /** The breaker's name, as {@link CircuitBreakerMaintenance} knows it. */
  public static String breakerName(String upstream) {
    return "upstream:" + upstream;
  }

  /** Whether it serves {@code model} (null: a call about no model, which every upstream serves). */
  public boolean serves(String model) {
    return model == null || models.matches(model);
  }

  /** Whether it is worth trying now: its breaker is not open and it has a credential to give. */
  public boolean available() {
    return credentials.available()
        && CircuitBreakerMaintenance.get().currentState(breakerName(name))
            != CircuitBreakerState.OPEN;
  }

  public String name() {
    return name;
  }

  public URI baseUrl() {
    return baseUrl;
  }

  public int priority() {
    return priority;
  }

  public CredentialSource credentials() {
    return credentials;
  }

  /**
   * The upstream's bulkhead and circuit breaker around one attempt, from sending it to the end of
   * relaying its answer.
   */
  public TypedGuard<CompletionStage<Void>> guard() {
    return guard;
  }
}
