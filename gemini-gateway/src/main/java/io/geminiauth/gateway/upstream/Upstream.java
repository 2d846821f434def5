package io.geminiauth.gateway.upstream;

import io.geminiauth.gateway.ApiPath;
import io.geminiauth.gateway.ModelPatterns;
import io.geminiauth.gateway.credential.CredentialSource;
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
  /**
   * A Vertex AI upstream's project and location, and whether it also serves Gemini API calls
   * (generate, stream, count tokens) under its own paths.
   */
  public record Vertex(String project, String location, boolean translateGeminiPaths) {
    /** {@code /v1/projects/{p}/locations/{l}/publishers/google/models/{model}:{method}}. */
    String modelPath(String model, String method) {
      return "/v1/projects/"
          + project
          + "/locations/"
          + location
          + "/publishers/google/models/"
          + model
          + ":"
          + method;
    }
  }

  private final String name;
  private final URI baseUrl;
  private final int priority;
  private final ModelPatterns models;
  private final CredentialSource credentials;
  private final TypedGuard<CompletionStage<Void>> guard;
  private final Vertex vertex;
  private final String breaker;
  private final CircuitBreakerMaintenance breakers;

  public Upstream(
      String name,
      URI baseUrl,
      int priority,
      ModelPatterns models,
      CredentialSource credentials,
      TypedGuard<CompletionStage<Void>> guard,
      Vertex vertex,
      CircuitBreakerMaintenance breakers) {
    this.name = name;
    this.baseUrl = baseUrl;
    this.priority = priority;
    this.models = models;
    this.credentials = credentials;
    this.guard = guard;
    this.vertex = vertex;
    this.breaker = breakerName(name);
    this.breakers = breakers;
  }

  /** The breaker's name, as {@link CircuitBreakerMaintenance} knows it. */
  public static String breakerName(String upstream) {
    return "upstream:" + upstream;
  }

  /**
   * Whether it serves the call: a Gemini API upstream serves Gemini API paths; a Vertex AI upstream
   * serves Vertex paths of its own project and location (its token would open any project the
   * account can reach: a client must not choose another), and Gemini API generate / stream /
   * count-tokens calls when it translates them. Either only for its models (a call about no model:
   * every upstream of its kind).
   */
  public boolean serves(ApiPath path) {
    boolean kind =
        vertex == null
            ? !path.vertex()
            : path.vertex()
                ? vertex.project().equals(path.project())
                    && vertex.location().equals(path.location())
                : vertex.translateGeminiPaths() && path.translatableToVertex();
    return kind && (path.model() == null || models.matches(path.model()));
  }

  /**
   * The path and query to call for {@code uri}: a Gemini API call on a Vertex AI upstream goes to
   * the project's publisher model; everything else as it came.
   */
  public String uriFor(String uri, ApiPath path) {
    if (vertex == null || path.vertex() || !path.translatableToVertex()) {
      return uri;
    }
    int query = uri.indexOf('?');
    return vertex.modelPath(path.model(), path.method()) + (query < 0 ? "" : uri.substring(query));
  }

  /** Whether it is worth trying now: its breaker is not open and it has a credential to give. */
  public boolean available() {
    return credentials.available() && breakerState() != CircuitBreakerState.OPEN;
  }

  /** Its circuit breaker's state now. */
  public CircuitBreakerState breakerState() {
    return breakers.currentState(breaker);
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
