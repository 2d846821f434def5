package io.geminiauth.gateway.admin;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.gateway.GatewayConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/**
 * Who may use the admin API: a static admin key (stored as SHA-256) in {@value #KEY_HEADER}, or an
 * OIDC bearer JWT with the role {@value #ROLE}. Everyone else gets Google's 401 or 403.
 */
@Singleton
public class AdminAuth {
  public static final String KEY_HEADER = "x-gateway-admin-key";
  public static final String ROLE = "gateway-admin";
  private static final String BEARER = "Bearer ";

  private final Map<String, String> adminsByHash;
  private final TenantIdentityProvider oidc;

  public AdminAuth(GatewayConfig config, TenantIdentityProvider oidc) {
    Map<String, String> hashes = new HashMap<>();
    config.admin().keyHashes().forEach(hashes::put);
    this.adminsByHash = KeyHashes.namesByHash(hashes);
    this.oidc = oidc;
  }

  /** The admin's name, or a failure with Google's 401 / 403. */
  public Uni<String> admin(String key, String authorization) {
    if (key != null && !key.isBlank()) {
      String name = adminsByHash.get(KeyHashes.sha256Hex(key.trim()));
      return name != null
          ? Uni.createFrom().item(name)
          : Uni.createFrom()
              .failure(
                  new GoogleApiException(
                      GoogleError.unauthenticated("The " + KEY_HEADER + " key is not known.")));
    }
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Uni.createFrom()
          .failure(
              new GoogleApiException(
                  GoogleError.unauthenticated(
                      "Send an admin key in "
                          + KEY_HEADER
                          + ", or a bearer JWT with the role "
                          + ROLE
                          + ".")));
    }
    return oidc.authenticate(
            new AccessTokenCredential(authorization.substring(BEARER.length()).trim()))
        .onFailure()
        .transform(
            e ->
                new GoogleApiException(
                    GoogleError.unauthenticated("The bearer token is not valid.")))
        .map(
            identity -> {
              if (!identity.hasRole(ROLE)) {
                throw new GoogleApiException(
                    GoogleError.permissionDenied(
                        "The admin API needs the role " + ROLE + "; the token does not have it."));
              }
              return identity.getPrincipal().getName();
            });
  }
}
