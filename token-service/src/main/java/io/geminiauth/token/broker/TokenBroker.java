package io.geminiauth.token.broker;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleStatus;
import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.common.token.AccessToken;
import io.geminiauth.common.token.CacheListener;
import io.geminiauth.common.token.CacheSettings;
import io.geminiauth.common.token.MintExecutor;
import io.geminiauth.common.token.TokenCache;
import io.geminiauth.common.token.TokenKey;
import io.geminiauth.common.token.TokenUnavailableException;
import io.geminiauth.token.TokenConfig;
import io.geminiauth.token.audit.TokenAudit;
import io.geminiauth.token.credential.Credential;
import io.geminiauth.token.credential.CredentialRegistry;
import io.geminiauth.token.credential.CredentialRetired;
import io.geminiauth.token.credential.CredentialState;
import io.geminiauth.token.credential.Health;
import io.geminiauth.token.mint.MintFailure;
import io.geminiauth.token.mint.Minter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Hands out tokens: finds the account's credential, asks the cache, and lets the cache mint through
 * {@link Minter} when it must. Reports mints to the audit log, metrics and the credential's health.
 */
// Built at start: its cache settings are checked then, not at the first request.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class TokenBroker implements CacheListener {
  private static final Logger LOG = Logger.getLogger(TokenBroker.class);
  private final CredentialRegistry registry;
  private final Minter minter;
  private final TokenAudit audit;
  private final Clock clock;
  private final TokenCache cache;
  private final Timer mintLatency;
  private final Duration breakerDelay;

  public TokenBroker(
      TokenConfig config,
      CredentialRegistry registry,
      Minter minter,
      TokenAudit audit,
      MeterRegistry meters,
      Clock clock,
      MintExecutor mints) {
    this.registry = registry;
    this.minter = minter;
    this.audit = audit;
    this.clock = clock;
    this.breakerDelay = config.upstream().breakerDelay();
    this.cache =
        new TokenCache(
            clock,
            CacheSettings.forClients(
                "token.cache",
                config.cache().minRemaining(),
                config.cache().refreshAhead(),
                config.cache().maxEntries(),
                config.upstream().cooldown(),
                config.upstream().cooldownMax()),
            mints,
            this::mint,
            this);
    this.mintLatency =
        Timer.builder("token_mint_seconds")
            .description("Time to mint a token upstream, retries included")
            .publishPercentileHistogram()
            .register(meters);
    registerGauges(meters);
  }

  /**
   * A token for {@code account} with {@code scopes}; fails with Google's error: 404 for an unknown
   * account, 403 for a disabled one, 503 with Retry-After when none can be had now.
   */
  public CompletionStage<AccessToken> token(String account, List<String> scopes, String requester) {
    CredentialState state =
        registry
            .find(account)
            .orElseThrow(
                () ->
                    new GoogleApiException(
                        GoogleError.notFound(
                            "Service account " + account + " is not configured here.")));
    if (state.health() == Health.DISABLED) {
      throw new GoogleApiException(
          GoogleError.permissionDenied(
              "The credential for " + account + " is disabled by an administrator."));
    }
    CompletableFuture<AccessToken> answer =
        cache
            .get(new TokenKey(account, scopes, delegates(state.credential())), requester)
            .toCompletableFuture();
    if (answer.isDone() && !answer.isCompletedExceptionally()) {
      return answer; // a cache hit: nothing to map
    }
    return answer.exceptionallyCompose(
        e -> CompletableFuture.failedFuture(unavailable(account, e)));
  }

  /**
   * Drops the cached token for {@code account} and {@code scopes} if its SHA-256 is {@code
   * refusedSha256}; returns whether it did. An unknown account drops nothing.
   */
  public boolean dropRefused(String account, List<String> scopes, String refusedSha256) {
    return registry
        .find(account)
        .map(
            state ->
                cache.dropIf(
                    new TokenKey(account, scopes, delegates(state.credential())),
                    token -> KeyHashes.sha256Hex(token.value()).equals(refusedSha256)))
        .orElse(false);
  }

  /** A credential left without an admin's call: its tokens must not be handed out any more. */
  void onRetired(@Observes CredentialRetired retired) {
    int dropped = cache.invalidate(retired.account());
    LOG.infof(
        "%s retired (%s): %d cached tokens dropped", retired.account(), retired.reason(), dropped);
  }

  /** Drops the account's cached tokens at once; returns how many. */
  public int invalidate(String account) {
    return cache.invalidate(account);
  }

  public int invalidateAll() {
    return cache.invalidateAll();
  }

  public TokenCache cache() {
    return cache;
  }

  private AccessToken mint(TokenKey key) {
    CredentialState state =
        registry
            .find(key.account())
            .filter(s -> s.health() != Health.DISABLED)
            .orElseThrow(
                () ->
                    new MintFailure(
                        "registry",
                        0,
                        "credential_gone",
                        key.account() + " was removed or disabled",
                        MintFailure.Kind.PERMANENT));
    return minter.mint(state.credential(), key.scopes(), this::sourceToken);
  }

  /** Impersonation's source token: another account's, cached like any other. */
  private AccessToken sourceToken(String account) {
    try {
      return token(account, List.of(Minter.CLOUD_PLATFORM), TokenAudit.SELF)
          .toCompletableFuture()
          .join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  @Override
  public void minted(TokenKey key, String requester, boolean refresh, Duration latency) {
    mintLatency.record(latency);
    registry.update(key.account(), s -> s.minted(clock.instant()));
    audit.tokenMinted(requester, key.account(), key.scopes(), refresh, latency);
  }

  @Override
  public void failed(TokenKey key, String requester, boolean refresh, Throwable failure) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("refresh", String.valueOf(refresh));
    if (failure instanceof MintFailure f) {
      attributes.put("endpoint", f.endpoint());
      attributes.put("status", String.valueOf(f.status()));
      attributes.put("code", String.valueOf(f.code()));
      if (f.kind() == MintFailure.Kind.CREDENTIAL_REJECTED) {
        registry.update(key.account(), s -> s.unhealthy(f.getMessage()));
      }
    } else if (failure instanceof CircuitBreakerOpenException) {
      attributes.put("code", "circuit_breaker_open");
    } else {
      attributes.put("code", failure.getClass().getSimpleName());
    }
    // The audit trail keeps Google's whole (redacted) answer; callers get it without addresses.
    String why = failure instanceof MintFailure f ? f.getMessage() : reason(failure);
    audit.tokenRequestFailed(requester, key.account(), key.scopes(), why, attributes);
  }

  private GoogleApiException unavailable(String account, Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof GoogleApiException g) {
      return g;
    }
    Duration retryAfter =
        cause instanceof TokenUnavailableException t ? t.retryAfter() : Duration.ofSeconds(1);
    Throwable root = cause instanceof TokenUnavailableException ? cause.getCause() : cause;
    if (root instanceof MintFailure f && f.kind() != MintFailure.Kind.RETRYABLE) {
      // Retrying will not help: a 4xx with the next step, not "retry later".
      return new GoogleApiException(refused(account, f));
    }
    if (root instanceof CircuitBreakerOpenException && retryAfter.compareTo(breakerDelay) < 0) {
      retryAfter = breakerDelay;
    }
    retryAfter =
        retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retryAfter;
    return new GoogleApiException(
        GoogleError.unavailable(
            "No token for " + account + " can be had now (" + reason(root) + "). Retry later.",
            retryAfter),
        retryAfter);
  }

  /** Google's lasting refusal to mint for {@code account}, as the caller should read it. */
  private static GoogleError refused(String account, MintFailure f) {
    String said = "Google refused to mint a token for " + account + " (" + f.code() + ")";
    if (f.kind() == MintFailure.Kind.CREDENTIAL_REJECTED) {
      return GoogleError.of(
          GoogleStatus.FAILED_PRECONDITION,
          said
              + ": its key is revoked, disabled or deleted, or the clocks disagree. An admin must"
              + " rotate or re-enable the credential; retrying will not help.");
    }
    if ("invalid_scope".equals(f.code())) {
      return GoogleError.invalidArgument(
          said + ": ask only for scopes this account may have; retrying will not help.");
    }
    if (f.status() == 403) {
      return GoogleError.permissionDenied(
          said
              + ": the account lacks the IAM role this needs (for impersonation, Service"
              + " Account Token Creator on the target); retrying will not help.");
    }
    return GoogleError.of(GoogleStatus.FAILED_PRECONDITION, said + "; retrying will not help.");
  }

  /** Why minting failed, for a caller: never the internal endpoint's address. */
  private static String reason(Throwable failure) {
    if (failure instanceof MintFailure f) {
      return "the token endpoint answered "
          + (f.status() == 0 ? "nothing" : f.status())
          + (f.code() == null ? "" : " " + f.code());
    }
    if (failure instanceof CircuitBreakerOpenException) {
      return "the token endpoint is failing and its circuit breaker is open";
    }
    return failure == null ? "unknown" : failure.getClass().getSimpleName();
  }

  private static List<String> delegates(Credential credential) {
    return credential instanceof Credential.Impersonated i ? i.delegates() : List.of();
  }

  private void registerGauges(MeterRegistry meters) {
    Gauge.builder("token_cache_size", cache, TokenCache::size).register(meters);
    FunctionCounter.builder("token_cache_hits_total", cache, TokenCache::hits).register(meters);
    FunctionCounter.builder("token_cache_misses_total", cache, TokenCache::misses).register(meters);
    FunctionCounter.builder("token_cache_evictions_total", cache, TokenCache::evictions)
        .register(meters);
    Gauge.builder(
            "token_cache_lowest_remaining_seconds",
            cache,
            c -> c.lowestRemaining().map(d -> (double) d.toSeconds()).orElse(Double.NaN))
        .description("Seconds until the soonest-expiring cached token expires")
        .register(meters);
    for (Health health : Health.values()) {
      Gauge.builder(
              "token_credentials",
              registry,
              r -> r.all().stream().filter(s -> s.health() == health).count())
          .tag("health", health.name())
          .register(meters);
    }
  }
}
