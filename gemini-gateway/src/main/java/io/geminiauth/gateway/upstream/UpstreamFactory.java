package io.geminiauth.gateway.upstream;

import io.geminiauth.common.env.Environment;
import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.ModelPatterns;
import io.geminiauth.gateway.credential.ApiKeyPool;
import io.geminiauth.gateway.credential.CredentialSource;
import io.geminiauth.gateway.credential.TokenServiceSource;
import io.geminiauth.gateway.credential.UpstreamTokens;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Builds the upstreams from {@code gateway.upstreams.*}, each with its credentials, bulkhead and
 * breaker; with none configured, Google's Gemini API with the SDKs' key variables.
 */
@Singleton
public class UpstreamFactory {
  /**
   * The upstream used when none is configured: Google's Gemini API with the SDKs' key variables.
   */
  static final String DEFAULT_NAME = "gemini";

  static final TypeLiteral<CompletionStage<Void>> VOID_STAGE = new TypeLiteral<>() {};

  private final GatewayConfig config;
  private final UpstreamTokens tokens;
  private final Environment environment;
  private final CircuitBreakerMaintenance breakers;

  public UpstreamFactory(
      GatewayConfig config,
      UpstreamTokens tokens,
      Environment environment,
      CircuitBreakerMaintenance breakers) {
    this.config = config;
    this.tokens = tokens;
    this.environment = environment;
    this.breakers = breakers;
  }

  /** Every configured upstream, in configuration order. */
  public List<Upstream> build() {
    List<Upstream> built = new ArrayList<>();
    if (config.upstreams().isEmpty()) {
      built.add(
          upstream(
              DEFAULT_NAME,
              URI.create("https://generativelanguage.googleapis.com"),
              0,
              List.of("*"),
              new ApiKeyPool(sdkEnvironmentKey().map(List::of).orElse(List.of())),
              64,
              64,
              config.resilience(),
              null));
    } else {
      config
          .upstreams()
          .forEach(
              (name, settings) ->
                  built.add(
                      upstream(
                          name,
                          baseUrl(settings),
                          settings.priority(),
                          settings.models(),
                          credentials(name, settings),
                          settings.maxConcurrent(),
                          settings.queueSize(),
                          config.resilience(),
                          vertex(name, settings))));
    }
    return built;
  }

  private Upstream upstream(
      String name,
      URI baseUrl,
      int priority,
      List<String> models,
      CredentialSource credentials,
      int maxConcurrent,
      int queueSize,
      GatewayConfig.Resilience resilience,
      Upstream.Vertex vertex) {
    // One guard per upstream, bulkhead outside the breaker: a slot is held, and the breaker
    // learns the outcome, when the whole answer has been relayed. One guard, because each guarded
    // call costs an event-loop dispatch.
    TypedGuard<CompletionStage<Void>> guard =
        TypedGuard.create(VOID_STAGE)
            .withDescription(Upstream.breakerName(name))
            .withBulkhead()
            .limit(maxConcurrent)
            .queueSize(queueSize)
            .done()
            .withCircuitBreaker()
            .name(Upstream.breakerName(name))
            .requestVolumeThreshold(resilience.breakerVolume())
            .failureRatio(resilience.breakerRatio())
            .delay(resilience.breakerDelay().toMillis(), ChronoUnit.MILLIS)
            .successThreshold(1)
            // A refused key or a client's bad request says nothing about the upstream's health.
            .when(e -> e instanceof UpstreamFailure f && f.countsAgainstUpstream())
            .done()
            // The guarded call is already non-blocking on the event loop: no other thread.
            .withThreadOffload(false)
            .build();
    return new Upstream(
        name, baseUrl, priority, ModelPatterns.of(models), credentials, guard, vertex, breakers);
  }

  /** Vertex AI's regional endpoint unless a base URL is configured. */
  private static URI baseUrl(GatewayConfig.UpstreamSettings settings) {
    return settings
        .baseUrl()
        .orElseGet(
            () ->
                URI.create(
                    settings.api() == GatewayConfig.ApiKind.VERTEX
                        ? "https://" + settings.location() + "-aiplatform.googleapis.com"
                        : "https://generativelanguage.googleapis.com"));
  }

  private static Upstream.Vertex vertex(String name, GatewayConfig.UpstreamSettings settings) {
    if (settings.api() != GatewayConfig.ApiKind.VERTEX) {
      return null;
    }
    if (settings.credential() != GatewayConfig.CredentialKind.TOKEN_SERVICE) {
      throw new IllegalArgumentException(
          "gateway.upstreams." + name + ": a Vertex AI upstream needs credential=token-service");
    }
    return new Upstream.Vertex(
        settings
            .project()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "gateway.upstreams." + name + ".project is required with api=vertex")),
        settings.location(),
        settings.translateGeminiPaths());
  }

  private CredentialSource credentials(String name, GatewayConfig.UpstreamSettings settings) {
    return switch (settings.credential()) {
      case API_KEY -> new ApiKeyPool(settings.apiKeys().orElse(List.of()));
      case TOKEN_SERVICE ->
          new TokenServiceSource(
              tokens,
              settings
                  .serviceAccount()
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "gateway.upstreams."
                                  + name
                                  + ".service-account is required with credential=token-service")),
              settings.scopes());
    };
  }

  /** GOOGLE_API_KEY, else GEMINI_API_KEY: the official SDKs' order. */
  Optional<String> sdkEnvironmentKey() {
    return environment.get("GOOGLE_API_KEY").or(() -> environment.get("GEMINI_API_KEY"));
  }
}
