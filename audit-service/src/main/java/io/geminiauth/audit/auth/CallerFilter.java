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
 * Who may write and who may read: a static key in {@code x-audit-key} (stored only as SHA-256), or
 * an OIDC bearer JWT from the configured issuer whose roles include {@value #PRODUCER_ROLE}
 * (writes) or {@value #READER_ROLE} (reads). Everything under {@code /v1/} needs one of them.
 */
public class CallerFilter {
  public static final String HEADER = "x-audit-key";
  public static final String PRODUCER_ROLE = "audit-producer";
  public static final String READER_ROLE = "audit-reader";

  private final Set<String> producers;
  private final Set<String> readers;
  private final CurrentIdentityAssociation identities;

  public CallerFilter(AuditConfig config, CurrentIdentityAssociation identities) {
    this.producers = normalise(config.auth().producerKeyHashes().orElse(List.of()));
    this.readers = normalise(config.auth().readerKeyHashes().orElse(List.of()));
    this.identities = identities;
  }

  @ServerRequestFilter
  public Uni<Response> check(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/v1/")) {
      return Uni.createFrom().nullItem();
    }
    boolean write = "POST".equals(request.getMethod());
    String key = request.getHeaderString(HEADER);
    if (key != null && !key.isBlank()) {
      return Uni.createFrom().item(checkKey(key.trim(), write));
    }
    if (request.getHeaderString("Authorization") == null) {
      return Uni.createFrom()
          .item(
              refuse(
                  GoogleError.unauthenticated(
                      "Send a bearer token from the configured OIDC issuer, or the "
                          + (write ? "producer" : "reader")
                          + " key in the "
                          + HEADER
                          + " header.")));
    }
    return identities
        .getDeferredIdentity()
        .map(identity -> checkIdentity(identity, write))
        .onFailure()
        .recoverWithItem(
            e ->
                refuse(
                    GoogleError.unauthenticated(
                        "The bearer token is not valid: it must be an unexpired JWT from the"
                            + " configured issuer, for the audience audit-service.")));
  }

  private Response checkKey(String key, boolean write) {
    String hash = KeyHashes.sha256Hex(key);
    if (write ? producers.contains(hash) : readers.contains(hash)) {
      return null;
    }
    if (producers.contains(hash) || readers.contains(hash)) {
      return refuse(GoogleError.permissionDenied(forbidden(write)));
    }
    return refuse(GoogleError.unauthenticated("The " + HEADER + " key is not known."));
  }

  private static Response checkIdentity(SecurityIdentity identity, boolean write) {
    if (identity == null || identity.isAnonymous()) {
      return refuse(
          GoogleError.unauthenticated(
              "Bearer tokens are not accepted here: no OIDC issuer is configured."));
    }
    return identity.hasRole(write ? PRODUCER_ROLE : READER_ROLE)
        ? null
        : refuse(GoogleError.permissionDenied(forbidden(write)));
  }

  private static String forbidden(boolean write) {
    return write
        ? "This caller may not write events (role " + PRODUCER_ROLE + " needed)."
        : "This caller may not read the audit log (role " + READER_ROLE + " needed).";
  }

  private static Response refuse(GoogleError error) {
    return GoogleErrorMappers.toResponse(error, null);
  }

  private static Set<String> normalise(List<String> hashes) {
    return hashes.stream().map(KeyHashes::normalise).collect(Collectors.toUnmodifiableSet());
  }
}
