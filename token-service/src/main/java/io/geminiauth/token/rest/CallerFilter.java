package io.geminiauth.token.rest;

import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleErrorMappers;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.Outcome;
import io.geminiauth.token.TokenConfig;
import io.geminiauth.token.audit.TokenAudit;
import io.geminiauth.token.policy.PolicyStore;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every {@code /v1/} request: a static client key in {@value #KEY_HEADER} (known only
 * by its SHA-256) or an OIDC bearer JWT from the configured issuer. Admin paths also need the admin
 * role: OIDC role {@value #ADMIN_ROLE}, or a name in the policy's {@code admins}. Refusals answer
 * in Google's shape and are audited.
 */
public class CallerFilter {
  public static final String KEY_HEADER = "x-token-service-key";
  public static final String ADMIN_ROLE = "token-admin";

  private final Map<String, String> callersByHash = new HashMap<>();
  private final CurrentIdentityAssociation identities;
  private final CurrentCaller current;
  private final PolicyStore policy;
  private final TokenAudit audit;

  public CallerFilter(
      TokenConfig config,
      CurrentIdentityAssociation identities,
      CurrentCaller current,
      PolicyStore policy,
      TokenAudit audit) {
    config
        .callers()
        .keyHashes()
        .forEach((name, hash) -> callersByHash.put(hash.trim().toLowerCase(Locale.ROOT), name));
    this.identities = identities;
    this.current = current;
    this.policy = policy;
    this.audit = audit;
  }

  @ServerRequestFilter
  public Uni<Response> check(ContainerRequestContext request, HttpServerRequest http) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/v1/")) {
      return Uni.createFrom().nullItem();
    }
    boolean adminPath = path.startsWith("/v1/admin/");
    String ip = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
    String userAgent = request.getHeaderString("User-Agent");
    String key = request.getHeaderString(KEY_HEADER);
    if (key != null && !key.isBlank()) {
      String name = callersByHash.get(sha256(key.trim()));
      if (name == null) {
        return Uni.createFrom()
            .item(
                deny(
                    "unknown-key", ip, userAgent, 401, "The " + KEY_HEADER + " key is not known."));
      }
      return Uni.createFrom()
          .item(
              admit(
                  new Caller(name, "key", policy.current().isAdmin(name)),
                  adminPath,
                  ip,
                  userAgent));
    }
    if (request.getHeaderString("Authorization") == null) {
      return Uni.createFrom()
          .item(
              deny(
                  "anonymous",
                  ip,
                  userAgent,
                  401,
                  "Send a bearer token from the configured OIDC issuer, or a client key in the "
                      + KEY_HEADER
                      + " header."));
    }
    return identities
        .getDeferredIdentity()
        .map(identity -> fromIdentity(identity, adminPath, ip, userAgent))
        .onFailure()
        .recoverWithItem(
            e ->
                deny(
                    "invalid-bearer",
                    ip,
                    userAgent,
                    401,
                    "The bearer token is not valid: it must be an unexpired JWT from the configured"
                        + " issuer, for the audience token-service."));
  }

  private Response fromIdentity(
      SecurityIdentity identity, boolean adminPath, String ip, String userAgent) {
    if (identity == null || identity.isAnonymous()) {
      return deny(
          "anonymous",
          ip,
          userAgent,
          401,
          "Bearer tokens are not accepted here: no OIDC issuer is configured.");
    }
    String name = identity.getPrincipal().getName();
    boolean admin = identity.hasRole(ADMIN_ROLE) || policy.current().isAdmin(name);
    return admit(new Caller(name, "oidc", admin), adminPath, ip, userAgent);
  }

  private Response admit(Caller caller, boolean adminPath, String ip, String userAgent) {
    if (adminPath && !caller.admin()) {
      return deny(
          caller.name(),
          ip,
          userAgent,
          403,
          "Caller " + caller.name() + " may not use the admin API (role " + ADMIN_ROLE + ").");
    }
    current.set(caller, ip, userAgent);
    return null;
  }

  private Response deny(String principal, String ip, String userAgent, int code, String message) {
    audit.record(
        AuthEventType.ACCESS_DENIED,
        Outcome.DENIED,
        principal,
        "token-service",
        b -> b.reason(message).callerIp(ip).userAgent(userAgent));
    return GoogleErrorMappers.toResponse(
        code == 401 ? GoogleError.unauthenticated(message) : GoogleError.permissionDenied(message),
        null);
  }

  static String sha256(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
