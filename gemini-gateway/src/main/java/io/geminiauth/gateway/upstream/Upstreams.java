package io.geminiauth.gateway.upstream;

import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.ModelPatterns;
import io.geminiauth.gateway.credential.TokenServiceSource;
import io.geminiauth.gateway.credential.UpstreamTokens;
import io.geminiauth.gateway.proxy.ApiPath;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The configured upstreams and the routing policy over them: for a model, the upstreams that serve
 * it, by priority, those of equal priority in round-robin order so they share the load.
 */
@Singleton
public class Upstreams {
  private static final Logger LOG = Logger.getLogger(Upstreams.class);

  /**
   * The upstream used when none is configured: Google's Gemini API with the SDKs' key variables.
   */
  static final String DEFAULT_NAME = "gemini";

  static final TypeLiteral<CompletionStage<Void>> VOID_STAGE = new TypeLiteral<>() {};

  private final List<Upstream> all;
  private final Map<Integer, AtomicInteger> turns = new TreeMap<>();
  // Which upstreams serve a model never changes after start: worked out once per model name.
  private final Map<String, List<List<Upstream>>> groupsByModel = new ConcurrentHashMap<>();

  public Upstreams(GatewayConfig config, MeterRegistry meters, UpstreamTokens tokens) {
    List<Upstream> built = new ArrayList<>();
    if (config.upstreams().isEmpty()) {
      built.add(
          build(
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
                      build(
                          name,
                          baseUrl(settings),
                          settings.priority(),
                          settings.models(),
                          credentials(name, settings, tokens),
                          settings.maxConcurrent(),
                          settings.queueSize(),
                          config.resilience(),
                          vertex(name, settings))));
    }
    built.sort(Comparator.comparingInt(Upstream::priority).thenComparing(Upstream::name));
    this.all = List.copyOf(built);
    for (Upstream upstream : all) {
      turns.putIfAbsent(upstream.priority(), new AtomicInteger());
      Gauge.builder(
              "gateway_upstream_breaker_state",
              upstream,
              u -> breakerGaugeValue(Upstream.breakerName(u.name())))
          .description("0 closed, 1 half-open, 2 open")
          .tag("upstream", upstream.name())
          .register(meters);
      Gauge.builder("gateway_upstream_keys", upstream, u -> u.credentials().size())
          .description("Google API keys still in rotation (1 for a token-service upstream)")
          .tag("upstream", upstream.name())
          .register(meters);
      if (!upstream.credentials().available()) {
        LOG.warnf(
            "upstream %s has no Google API key: set gateway.upstreams.%s.api-keys, or"
                + " GOOGLE_API_KEY / GEMINI_API_KEY for the default upstream",
            upstream.name(), upstream.name());
      }
    }
  }

  /**
   * The upstreams that serve the call, in the order to try them: by priority, and within one
   * priority starting at the next in turn.
   */
  public List<Upstream> candidates(ApiPath path) {
    String key =
        (path.vertex() ? "v|" : path.translatableToVertex() ? "t|" : "g|")
            + (path.model() == null ? "" : path.model());
    List<List<Upstream>> groups = groupsByModel.get(key);
    if (groups == null) {
      groups = groups(path);
      // Model names come from clients: remember a bounded number of them.
      if (groupsByModel.size() < 1024) {
        groupsByModel.put(key, groups);
      }
    }
    if (groups.size() == 1 && groups.get(0).size() == 1) {
      return groups.get(0);
    }
    List<Upstream> ordered = new ArrayList<>();
    for (List<Upstream> group : groups) {
      int start = Math.floorMod(turns.get(group.get(0).priority()).getAndIncrement(), group.size());
      for (int i = 0; i < group.size(); i++) {
        ordered.add(group.get((start + i) % group.size()));
      }
    }
    return ordered;
  }

  /** The upstreams serving {@code path}, grouped by priority, lowest first. */
  private List<List<Upstream>> groups(ApiPath path) {
    return List.copyOf(
        all.stream()
            .filter(u -> u.serves(path))
            .collect(Collectors.groupingBy(Upstream::priority, TreeMap::new, Collectors.toList()))
            .values()
            .stream()
            .map(List::copyOf)
            .toList());
  }

  public List<Upstream> all() {
    return all;
  }

  private static Upstream build(
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
        name, baseUrl, priority, ModelPatterns.of(models), credentials, guard, vertex);
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

  private static CredentialSource credentials(
      String name, GatewayConfig.UpstreamSettings settings, UpstreamTokens tokens) {
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
  static Optional<String> sdkEnvironmentKey() {
    return env("GOOGLE_API_KEY").or(() -> env("GEMINI_API_KEY"));
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
  }

  private static double breakerGaugeValue(String breaker) {
    CircuitBreakerState state = CircuitBreakerMaintenance.get().currentState(breaker);
    return switch (state) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }
}
