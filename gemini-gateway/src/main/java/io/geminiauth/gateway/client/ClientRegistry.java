package io.geminiauth.gateway.client;

import io.geminiauth.common.error.ErrorDetail;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.ModelPatterns;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import jakarta.inject.Singleton;
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
  static final String SERVICE = "generativelanguage.googleapis.com";
  static final String KEY_INVALID = "API key not valid. Please pass a valid API key.";
  static final String NO_KEY =
      "Method doesn't allow unregistered callers (callers without established identity). Please"
          + " use API Key or other form of API consumer identity to call this API.";

  public static final String BAD_BEARER =
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie"
          + " or other valid authentication credential. The gateway takes a bearer JWT from its"
          + " OIDC issuer, for the audience gemini-gateway.";
  private static final String BEARER = "Bearer ";

  private final Map<String, Client> clientsByHash;
  private final Map<String, Client> clientsByName;
  private final TenantIdentityProvider oidc;

  public ClientRegistry(GatewayConfig config, TenantIdentityProvider oidc) {
    this.oidc = oidc;
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
                      settings.dailyTokenBudget()));
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
        .transform(e -> new GoogleApiException(GoogleError.unauthenticated(BAD_BEARER)))
        .map(
            identity -> {
              Client client = clientsByName.get(identity.getPrincipal().getName());
              if (client == null) {
                throw new GoogleApiException(
                    GoogleError.permissionDenied(
                        "The bearer token is valid, but "
                            + identity.getPrincipal().getName()
                            + " is not a client of this gateway; ask its operators to add it."));
              }
              return client;
            })
        .subscribeAsCompletionStage();
  }

  /** The client a key belongs to; Google's 403 without a key, its 400 API_KEY_INVALID otherwise. */
  public Client authenticate(String key) {
    if (key == null || key.isBlank()) {
      throw new GoogleApiException(GoogleError.permissionDenied(NO_KEY));
    }
    Client client = clientsByHash.get(KeyHashes.sha256Hex(key.trim()));
    if (client == null) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(KEY_INVALID)
              .withReason("API_KEY_INVALID", "googleapis.com", Map.of("service", SERVICE))
              .withDetail(new ErrorDetail.LocalizedMessage("en-US", KEY_INVALID)));
    }
    return client;
  }
}
