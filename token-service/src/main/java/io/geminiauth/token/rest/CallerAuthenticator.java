package io.geminiauth.token.rest;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.token.TokenConfig;
import io.geminiauth.token.audit.TokenAudit;
import io.geminiauth.token.policy.PolicyStore;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Who is calling: a static client key in {@value #KEY_HEADER} (known only by its SHA-256), or an
 * OIDC bearer JWT verified against the configured issuer (quarkus-oidc). Admins hold the OIDC role
 * {@value #ADMIN_ROLE} or are named in the policy's {@code admins}. Refusals are audited and come
 * back as Google's 401/403.
 */
@ApplicationScoped
public class CallerAuthenticator {
  public static final String KEY_HEADER = "x-token-service-key";
  public static final String ADMIN_ROLE = "token-admin";
  private static final String BEARER = "Bearer ";

  private final Map<String, String> callersByHash;
  private final TenantIdentityProvider oidc;
  private final PolicyStore policy;
  private final TokenAudit audit;

  public CallerAuthenticator(
      TokenConfig config, TenantIdentityProvider oidc, PolicyStore policy, TokenAudit audit) {
    this.callersByHash = KeyHashes.namesByHash(config.callers().keyHashes());
    this.oidc = oidc;
    this.policy = policy;
    this.audit = audit;
  }

  /** The caller a static key stands for; throws Google's 401 for an unknown key. */
  public Caller byKey(String key, String ip, String userAgent) {
    String name = callersByHash.get(KeyHashes.sha256Hex(key.trim()));
    if (name == null) {
      throw deny(
          KeyHashes.unknownKeyPrincipal(key),
          ip,
          userAgent,
          401,
          "The " + KEY_HEADER + " key is not known.");
    }
    return new Caller(name, "key", policy.current().isAdmin(name));
  }

  /**
   * The caller an {@code Authorization} header stands for; fails with Google's 401 when there is
   * none, it is not a bearer token, or the token is not valid.
   */
  public Uni<Caller> byAuthorization(String authorization, String ip, String userAgent) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Uni.createFrom()
          .failure(
              deny(
                  "anonymous",
                  ip,
                  userAgent,
                  401,
                  "Send a bearer token from the configured OIDC issuer, or a client key in the "
                      + KEY_HEADER
                      + " header."));
    }
    String token = authorization.substring(BEARER.length()).trim();
    return oidc.authenticate(new AccessTokenCredential(token))
        .map(
            identity -> {
              String name = identity.getPrincipal().getName();
              return new Caller(
                  name, "oidc", identity.hasRole(ADMIN_ROLE) || policy.current().isAdmin(name));
            })
        .onFailure()
        .transform(
            e ->
                deny(
                    "invalid-bearer",
                    ip,
                    userAgent,
                    401,
                    "The bearer token is not valid: it must be an unexpired JWT from the"
                        + " configured issuer, for the audience token-service."));
  }

  /** Audits a refusal and returns it as Google's error. */
  public GoogleApiException deny(
      String principal, String ip, String userAgent, int code, String message) {
    audit.callerRefused(principal, message, ip, userAgent);
    return new GoogleApiException(
        code == 401 ? GoogleError.unauthenticated(message) : GoogleError.permissionDenied(message));
  }
}
