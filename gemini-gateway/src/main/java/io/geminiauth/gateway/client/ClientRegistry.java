package io.geminiauth.gateway.client;

import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.GatewayErrors;
import io.geminiauth.gateway.ModelPatterns;
import io.geminiauth.gateway.client.keys.IssuedClientKeys;
import io.geminiauth.gateway.client.keys.IssuedKey;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The gateway's clients: known by the SHA-256 of their keys, or by the principal of an OIDC bearer
 * JWT from the configured issuer (quarkus-oidc) for service clients. A missing or unknown key is
 * refused exactly as Google refuses one, so SDKs and client code that look at the reason keep
 * working; a bad bearer token gets Google's 401.
 */
@Singleton
public class ClientRegistry {
  private static final String BEARER = "Bearer ";

  private final Map<String, Client> clientsByHash;
  private final Map<String, Client> clientsByName;
  private final TenantIdentityProvider oidc;
  private final IssuedClientKeys issued;
  private final Clock clock;

  public ClientRegistry(
      GatewayConfig config, TenantIdentityProvider oidc, IssuedClientKeys issued, Clock clock) {
    this.oidc = oidc;
    this.issued = issued;
    this.clock = clock;
    Map<String, String> hashes = new HashMap<>();
    Map<String, Client> clients = new HashMap<>();
    config
        .clients()
        .forEach(
            (name, settings) -> {
              clients.put(
                  name,
                  new Client(
                      name,
                      ModelPatterns.of(settings.models()),
                      settings.requestsPerMinute(),
                      settings.maxConcurrent(),
                      settings.dailyTokenBudget(),
                      settings.projectWide()));
              settings.keyHash().ifPresent(hash -> hashes.put(name, hash));
            });
    Map<String, Client> byHash = new HashMap<>();
    KeyHashes.namesByHash(hashes).forEach((hash, name) -> byHash.put(hash, clients.get(name)));
    this.clientsByHash = Map.copyOf(byHash);
    this.clientsByName = Map.copyOf(clients);
  }

  /** Whether {@code authorization} carries a bearer token (else the key decides). */
  public static boolean isBearer(String authorization) {
    return authorization != null
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
  }

  /**
   * The client an OIDC bearer token stands for: its principal must be a configured client. Fails
   * with Google's 401 for a token that is not valid, 403 for a principal that is no client here.
   */
  public CompletionStage<Client> authenticateBearer(String authorization) {
    String token = authorization.substring(BEARER.length()).trim();
    return oidc.authenticate(new AccessTokenCredential(token))
        .onFailure()
        .transform(e -> GatewayErrors.badBearer())
        .map(
            identity -> {
              Client client = clientsByName.get(identity.getPrincipal().getName());
              if (client == null) {
                throw GatewayErrors.notAClient(identity.getPrincipal().getName());
              }
              return client;
            })
        .subscribeAsCompletionStage();
  }

  /**
   * The client a key belongs to: a configured key, or one the gateway issued that is neither
   * expired nor revoked. Google's 403 without a key, its 400 API_KEY_INVALID otherwise.
   */
  public Client authenticate(String key) {
    if (key == null || key.isBlank()) {
      throw GatewayErrors.noKey();
    }
    String hash = KeyHashes.sha256Hex(key.trim());
    Client client = clientsByHash.get(hash);
    if (client != null) {
      return client;
    }
    IssuedKey issuedKey = issued.find(hash).orElse(null);
    if (issuedKey == null || issuedKey.revoked()) {
      throw GatewayErrors.keyInvalid();
    }
    if (issuedKey.expiredAt(clock.instant())) {
      throw GatewayErrors.keyExpired();
    }
    Client owner = clientsByName.get(issuedKey.client());
    if (owner == null) {
      // The client was removed from configuration after the key was issued.
      throw GatewayErrors.keyInvalid();
    }
    return owner;
  }

  /** Why {@link #authenticate} refused {@code key}, in words for the audit trail. */
  public String refusalReason(String key) {
    if (key == null || key.isBlank()) {
      return "no client key";
    }
    return issued
        .find(KeyHashes.sha256Hex(key.trim()))
        .map(
            k ->
                k.revoked()
                    ? "revoked client key " + k.id()
                    : k.expiredAt(clock.instant())
                        ? "expired client key " + k.id()
                        : "client of key " + k.id() + " is not configured")
        .orElse("unknown client key");
  }
}
