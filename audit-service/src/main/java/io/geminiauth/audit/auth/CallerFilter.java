package io.geminiauth.audit.auth;

import io.geminiauth.audit.AuditConfig;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleErrorMappers;
import io.geminiauth.common.redact.KeyHashes;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Who may write, read and administer: a static key in {@code x-audit-key} (stored only as SHA-256),
 * or an OIDC bearer JWT from the configured issuer whose roles include {@value #PRODUCER_ROLE}
 * (writes), {@value #READER_ROLE} (reads) or {@value #ADMIN_ROLE} (setting and releasing legal
 * holds). Everything under {@code /v1/} needs one of them.
 */
public class CallerFilter {
  public static final String HEADER = "x-audit-key";
  public static final String PRODUCER_ROLE = "audit-producer";
  public static final String READER_ROLE = "audit-reader";
  public static final String ADMIN_ROLE = "audit-admin";

  /** What a request needs. */
  private enum Access {
    WRITE("producer", PRODUCER_ROLE, "write events"),
    READ("reader", READER_ROLE, "read the audit log"),
    ADMIN("admin", ADMIN_ROLE, "set or release legal holds");

    final String key;
    final String role;
    final String what;

    Access(String key, String role, String what) {
      this.key = key;
      this.role = role;
      this.what = what;
    }
  }

  private final Set<String> producers;
  private final Set<String> readers;
  private final Set<String> admins;
  private final CurrentIdentityAssociation identities;
  private final CurrentCaller caller;

  public CallerFilter(
      AuditConfig config, CurrentIdentityAssociation identities, CurrentCaller caller) {
    this.producers = normalise(config.auth().producerKeyHashes().orElse(List.of()));
    this.readers = normalise(config.auth().readerKeyHashes().orElse(List.of()));
    this.admins = normalise(config.auth().adminKeyHashes().orElse(List.of()));
    this.identities = identities;
    this.caller = caller;
  }

  @ServerRequestFilter
  public Uni<Response> check(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/v1/")) {
      return Uni.createFrom().nullItem();
    }
    boolean post = "POST".equals(request.getMethod());
    Access access =
        path.startsWith("/v1/legal-holds")
            ? (post ? Access.ADMIN : Access.READ)
            : post ? Access.WRITE : Access.READ;
    String key = request.getHeaderString(HEADER);
    if (key != null && !key.isBlank()) {
      return Uni.createFrom().item(checkKey(key.trim(), access));
    }
    if (request.getHeaderString("Authorization") == null) {
      return Uni.createFrom()
          .item(
              refuse(
                  GoogleError.unauthenticated(
                      "Send a bearer token from the configured OIDC issuer, or the "
                          + access.key
                          + " key in the "
                          + HEADER
                          + " header.")));
    }
    return identities
        .getDeferredIdentity()
        .map(identity -> checkIdentity(identity, access))
        .onFailure()
        .recoverWithItem(
            e ->
                refuse(
                    GoogleError.unauthenticated(
                        "The bearer token is not valid: it must be an unexpired JWT from the"
                            + " configured issuer, for the audience audit-service.")));
  }

  private Response checkKey(String key, Access access) {
    String hash = KeyHashes.sha256Hex(key);
    Set<String> allowed =
        switch (access) {
          case WRITE -> producers;
          case READ -> readers;
          case ADMIN -> admins;
        };
    if (allowed.contains(hash)) {
      caller.set(access.key + " key " + KeyHashes.fingerprint(key));
      return null;
    }
    if (producers.contains(hash) || readers.contains(hash) || admins.contains(hash)) {
      return refuse(GoogleError.permissionDenied(forbidden(access)));
    }
    return refuse(GoogleError.unauthenticated("The " + HEADER + " key is not known."));
  }

  private Response checkIdentity(SecurityIdentity identity, Access access) {
    if (identity == null || identity.isAnonymous()) {
      return refuse(
          GoogleError.unauthenticated(
              "Bearer tokens are not accepted here: no OIDC issuer is configured."));
    }
    if (!identity.hasRole(access.role)) {
      return refuse(GoogleError.permissionDenied(forbidden(access)));
    }
    caller.set(identity.getPrincipal().getName());
    return null;
  }

  private static String forbidden(Access access) {
    return "This caller may not " + access.what + " (role " + access.role + " needed).";
  }

  private static Response refuse(GoogleError error) {
    return GoogleErrorMappers.toResponse(error, null);
  }

  private static Set<String> normalise(List<String> hashes) {
    return hashes.stream().map(KeyHashes::normalise).collect(Collectors.toUnmodifiableSet());
  }
}
