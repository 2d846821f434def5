package io.geminiauth.gateway.credential;

import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.common.token.AccessToken;
import io.geminiauth.common.token.CacheListener;
import io.geminiauth.common.token.CacheSettings;
import io.geminiauth.common.token.MintExecutor;
import io.geminiauth.common.token.TokenCache;
import io.geminiauth.common.token.TokenKey;
import io.geminiauth.gateway.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Google access tokens from the token-service, in the suite's one token cache ({@link TokenCache},
 * as the token-service keeps Google's): fresh tokens are used; from {@code refresh-ahead} before
 * expiry one background request fetches a new one while the held token keeps serving; past {@code
 * refresh-margin} callers wait for it. A failed fetch keeps a still-valid token and waits a
 * doubling cooldown before the next, so an outage of the token-service costs one request per step.
 */
// Built at start: its cache settings are checked then, not at the first request.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class UpstreamTokens implements CacheListener {
  private static final Logger LOG = Logger.getLogger(UpstreamTokens.class);
  private static final String REQUESTER = "gemini-gateway";
  // One entry per configured upstream's account and scopes: a small, fixed number.
  private static final int MAX_TOKENS = 1000;

  private final TokenServiceClient client;
  private final TokenCache cache;
  private final Counter fetched;
  private final Counter failedFetches;
  private final Map<TokenKey, String> refusedHashes = new ConcurrentHashMap<>();

  public UpstreamTokens(
      TokenServiceClient client,
      GatewayConfig config,
      Clock clock,
      MintExecutor threads,
      MeterRegistry meters) {
    GatewayConfig.TokenService settings = config.tokenService();
    this.client = client;
    this.fetched = fetches(meters, "ok");
    this.failedFetches = fetches(meters, "failed");
    this.cache =
        new TokenCache(
            clock,
            CacheSettings.forOwnUse(
                "gateway.token-service",
                settings.refreshMargin(),
                settings.refreshAhead(),
                MAX_TOKENS,
                settings.cooldown(),
                settings.cooldownMax()),
            threads,
            this::fetch,
            this);
  }

  /** A token for {@code account} and {@code scopes} with more than the margin left. */
  public CompletionStage<AccessToken> get(String account, List<String> scopes) {
    return cache.get(TokenKey.of(account, scopes), REQUESTER);
  }

  /**
   * Google refused {@code token}: drop it, and tell the token-service with the next request (by the
   * token's SHA-256), so that it mints a new one instead of handing out its cached copy.
   */
  public void refused(String account, List<String> scopes, String token) {
    TokenKey key = TokenKey.of(account, scopes);
    refusedHashes.put(key, KeyHashes.sha256Hex(token));
    cache.dropIf(key, held -> held.value().equals(token));
  }

  private static Counter fetches(MeterRegistry meters, String outcome) {
    return Counter.builder("gateway_token_fetch_total")
        .description("Requests for a token to the token-service, retries included in one")
        .tag("outcome", outcome)
        .register(meters);
  }

  private AccessToken fetch(TokenKey key) {
    TokenServiceApi.TokenGrant grant =
        client.token(key.account(), key.scopes(), refusedHashes.remove(key));
    return new AccessToken(grant.accessToken(), grant.expiresAt());
  }

  @Override
  public void minted(TokenKey key, String requester, boolean refresh, Duration latency) {
    fetched.increment();
    LOG.debugf("token for %s from the token-service in %d ms", key.account(), latency.toMillis());
  }

  @Override
  public void failed(TokenKey key, String requester, boolean refresh, Throwable failure) {
    failedFetches.increment();
    LOG.warnf(
        "the token-service gave no token for %s%s: %s",
        key.account(), refresh ? " (the held one still serves)" : "", failure.getMessage());
  }
}
