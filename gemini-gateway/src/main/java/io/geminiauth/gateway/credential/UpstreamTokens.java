package io.geminiauth.gateway.credential;

import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.gateway.GatewayConfig;
import io.quarkus.oidc.client.OidcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Google access tokens from the token-service, cached until shortly before they expire, with one
 * request in flight per account and scope set however many requests wait for it. The gateway
 * authenticates to the token-service with an OIDC client-credentials token (quarkus-oidc-client,
 * when an OIDC client is configured) or its static key.
 */
@ApplicationScoped
public class UpstreamTokens {
  private static final Logger LOG = Logger.getLogger(UpstreamTokens.class);

  /** A token the gateway holds. */
  record Held(String token, Instant expiresAt) {
    @Override
    public String toString() {
      return "Held[expires_at=" + expiresAt + "]";
    }
  }

  private record Key(String account, List<String> scopes) {}

  private final TokenServiceApi api;
  private final GatewayConfig.TokenService config;
  private final Instance<OidcClient> oidc;
  private final boolean useOidc;
  private final Clock clock;
  private final Map<Key, CompletableFuture<Held>> tokens = new ConcurrentHashMap<>();
  private final Map<Key, String> refusedHashes = new ConcurrentHashMap<>();

  public UpstreamTokens(
      @RestClient TokenServiceApi api,
      GatewayConfig config,
      Instance<OidcClient> oidc,
      @ConfigProperty(name = "quarkus.oidc-client.client-enabled", defaultValue = "false")
          boolean useOidc,
      Clock clock) {
    this.api = api;
    this.config = config.tokenService();
    this.oidc = oidc;
    this.useOidc = useOidc;
    this.clock = clock;
  }

  /** A token for {@code account} and {@code scopes}: the held one while fresh, else a new one. */
  public CompletionStage<Held> get(String account, List<String> scopes) {
    Key key = new Key(account, scopes.stream().sorted().toList());
    CompletableFuture<Held> current = tokens.get(key);
    if (current != null && (!current.isDone() || fresh(current))) {
      return current;
    }
    CompletableFuture<Held> fresh = new CompletableFuture<>();
    CompletableFuture<Held> chosen =
        tokens.compute(key, (k, old) -> old != null && (!old.isDone() || fresh(old)) ? old : fresh);
    // Only the caller whose future went in asks the token-service: one request in flight.
    if (chosen == fresh) {
      fetch(key, fresh);
    }
    return chosen;
  }

  /**
   * Google refused {@code token}: drop it, and tell the token-service with the next request (by the
   * token's SHA-256), so that it mints a new one instead of handing out its cached copy.
   */
  public void refused(String account, List<String> scopes, String token) {
    Key key = new Key(account, scopes.stream().sorted().toList());
    refusedHashes.put(key, KeyHashes.sha256Hex(token));
    tokens.computeIfPresent(
        key,
        (k, held) ->
            held.isDone() && !held.isCompletedExceptionally() && held.join().token().equals(token)
                ? null
                : held);
  }

  private boolean fresh(CompletableFuture<Held> held) {
    if (held.isCompletedExceptionally()) {
      return false;
    }
    return clock.instant().plus(config.refreshMargin()).isBefore(held.join().expiresAt());
  }

  private void fetch(Key key, CompletableFuture<Held> result) {
    authorization()
        .thenCompose(
            bearer ->
                api.token(
                    config.key().orElse(null),
                    bearer,
                    new TokenServiceApi.TokenRequest(
                        key.account(), key.scopes(), refusedHashes.remove(key))))
        .whenComplete(
            (grant, failure) -> {
              if (failure != null) {
                LOG.warnf(
                    "token-service gave no token for %s: %s",
                    key.account(), failure.getClass().getSimpleName());
                // Forget the failure, so the next request asks again.
                tokens.remove(key, result);
                result.completeExceptionally(failure);
              } else {
                result.complete(new Held(grant.accessToken(), grant.expiresAt()));
              }
            });
  }

  private CompletionStage<String> authorization() {
    if (!useOidc) {
      return CompletableFuture.completedFuture(null);
    }
    return oidc.get()
        .getTokens()
        .map(tokens -> "Bearer " + tokens.getAccessToken())
        .subscribeAsCompletionStage();
  }
}
