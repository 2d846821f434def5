package io.geminiauth.gateway.admin;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleErrorMappers;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every request under {@code /admin/} before its resource runs, as the
 * token-service's caller filter does for its API: Google's 401 or 403 for anyone but an admin, and
 * the admin's name in {@link CurrentAdmin} for the resource and its audit events.
 */
public class AdminFilter {
  private final AdminAuth auth;
  private final CurrentAdmin current;

  public AdminFilter(AdminAuth auth, CurrentAdmin current) {
    this.auth = auth;
    this.current = current;
  }

  @ServerRequestFilter
  public Uni<Response> check(ContainerRequestContext request) {
    if (!request.getUriInfo().getPath().startsWith("/admin/")) {
      return Uni.createFrom().nullItem();
    }
    return auth.admin(
            request.getHeaderString(AdminAuth.KEY_HEADER), request.getHeaderString("Authorization"))
        .map(
            admin -> {
              current.set(admin);
              return (Response) null;
            })
        .onFailure(GoogleApiException.class)
        .recoverWithItem(e -> GoogleErrorMappers.toResponse((GoogleApiException) e));
  }
}
