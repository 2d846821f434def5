package io.geminiauth.token.rest;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleErrorMappers;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates the JAX-RS part of the API (everything under {@code /v1/} but the token route): the
 * admin API, which also needs the admin role.
 */
public class CallerFilter {
  private final CallerAuthenticator authenticator;
  private final CurrentCaller current;

  public CallerFilter(CallerAuthenticator authenticator, CurrentCaller current) {
    this.authenticator = authenticator;
    this.current = current;
  }

  @ServerRequestFilter
  public Uni<Response> check(ContainerRequestContext request, HttpServerRequest http) {
    if (!request.getUriInfo().getPath().startsWith("/v1/")) {
      return Uni.createFrom().nullItem();
    }
    boolean adminPath = request.getUriInfo().getPath().startsWith("/v1/admin/");
    String ip = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
    String userAgent = request.getHeaderString("User-Agent");
    String key = request.getHeaderString(CallerAuthenticator.KEY_HEADER);
    Uni<Caller> caller =
        key != null && !key.isBlank()
            ? Uni.createFrom().item(() -> authenticator.byKey(key, ip, userAgent))
            : authenticator.byAuthorization(
                request.getHeaderString("Authorization"), ip, userAgent);
    return caller
        .map(c -> admit(c, adminPath, ip, userAgent))
        .onFailure(GoogleApiException.class)
        .recoverWithItem(e -> refuse((GoogleApiException) e));
  }

  private Response admit(Caller caller, boolean adminPath, String ip, String userAgent) {
    if (adminPath && !caller.admin()) {
      return refuse(
          authenticator.deny(
              caller.name(),
              ip,
              userAgent,
              403,
              "Caller "
                  + caller.name()
                  + " may not use the admin API (role "
                  + CallerAuthenticator.ADMIN_ROLE
                  + ")."));
    }
    current.set(caller);
    return null;
  }

  private static Response refuse(GoogleApiException e) {
    return GoogleErrorMappers.toResponse(e);
  }
}
