package io.geminiauth.token.mint;

import io.geminiauth.token.TokenConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The HTTP clients for Google's endpoints, one per URL, and around each endpoint its retry and
 * circuit breaker (SmallRye Fault Tolerance, built programmatically because token_uris come from
 * key files). Retry sits outside the breaker: an open breaker ends the retries at once.
 */
@ApplicationScoped
public class UpstreamClients {
  /** Breaker names start with this, then the endpoint URL. */
  public static final String BREAKER_PREFIX = "token-endpoint:";

  private final TokenConfig.Upstream config;
  private final MeterRegistry meters;
  private final Map<URI, OAuthHttp> clients = new ConcurrentHashMap<>();
  private final Map<String, Guard> guards = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> breakerStates = new ConcurrentHashMap<>();

  public UpstreamClients(TokenConfig config, MeterRegistry meters) {
    this.config = config.upstream();
    this.meters = meters;
  }

  /**
   * Calls {@code endpoint} through the guard of the service it belongs to ({@code name}: one
   * breaker and one metric label per token endpoint, STS, or IAM — not per account). {@code call}
   * turns an answer into a result or throws {@link MintFailure}; a transport failure becomes a
   * retryable {@link MintFailure}.
   */
  public <T> T call(String name, URI endpoint, Class<T> type, Function<OAuthHttp, T> call) {
    OAuthHttp client = clients.computeIfAbsent(endpoint, this::build);
    try {
      return guards
          .computeIfAbsent(name, this::guard)
          .call(
              () -> {
                try {
                  return call.apply(client);
                } catch (ProcessingException e) {
                  throw MintFailure.network(name, e);
                } catch (MintFailure e) {
                  meters
                      .counter(
                          "token_upstream_errors_total",
                          Tags.of("endpoint", name, "code", String.valueOf(e.code())))
                      .increment();
                  throw e;
                }
              },
              type);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The endpoint as breakers and metrics name it: scheme, host, port and path, no query. */
  public static String endpointName(URI endpoint) {
    return endpoint.getScheme()
        + "://"
        + endpoint.getHost()
        + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort())
        + (endpoint.getPath() == null ? "" : endpoint.getPath());
  }

  private OAuthHttp build(URI endpoint) {
    return QuarkusRestClientBuilder.newBuilder()
        .baseUri(endpoint)
        .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .disableDefaultMapper(true)
        .followRedirects(false)
        .build(OAuthHttp.class);
  }

  private Guard guard(String name) {
    AtomicInteger state = new AtomicInteger(0);
    breakerStates.put(name, state);
    meters.gauge(
        "token_upstream_breaker_state",
        Tags.of("endpoint", name),
        state,
        AtomicInteger::doubleValue);
    long delay = config.retryDelay().toMillis();
    return Guard.create()
        .withDescription(BREAKER_PREFIX + name)
        .withRetry()
        .maxRetries(config.maxRetries())
        .delay(delay, ChronoUnit.MILLIS)
        .jitter(Math.max(1, delay / 2), ChronoUnit.MILLIS)
        .withExponentialBackoff()
        .factor(2)
        .maxDelay(config.retryMaxDelay().toMillis(), ChronoUnit.MILLIS)
        .done()
        .whenException(e -> e instanceof MintFailure f && f.retryable())
        .done()
        .withCircuitBreaker()
        .name(BREAKER_PREFIX + name)
        .requestVolumeThreshold(config.breakerVolume())
        .failureRatio(config.breakerRatio())
        .delay(config.breakerDelay().toMillis(), ChronoUnit.MILLIS)
        .successThreshold(1)
        // Only passing trouble opens it: a refused key says nothing about the endpoint.
        .when(e -> e instanceof MintFailure f && f.retryable())
        .onStateChange(s -> state.set(gaugeValue(s)))
        .done()
        .build();
  }

  /** 0 closed, 1 half-open, 2 open: the gauge's values. */
  private static int gaugeValue(CircuitBreakerState state) {
    return switch (state) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }
}
