package io.geminiauth.emulator.oidc;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.emulator.http.PublicUrl;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;

/** Admin API of the OIDC issuer: mint subject tokens, register internal clients. */
@Path("/emulator/oidc")
public class OidcAdminResource {
  private final OidcKeys keys;
  private final OidcClients clients;
  private final PublicUrl publicUrl;

  public OidcAdminResource(OidcKeys keys, OidcClients clients, PublicUrl publicUrl) {
    this.keys = keys;
    this.clients = clients;
    this.publicUrl = publicUrl;
  }

  /** Admin: a request to mint a subject token. */
  public record MintRequest(
      String subject, String audience, Long lifetimeSeconds, Map<String, Object> claims) {}

  /** Admin: registers an internal client. */
  public record ClientRequest(String clientId, String secret, List<String> roles) {}

  @POST
  @Path("tokens")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> mint(MintRequest request, @Context UriInfo uri) {
    if (request == null || request.subject() == null || request.audience() == null) {
      throw new GoogleApiException(
          GoogleError.invalidArgument("subject and audience are required."));
    }
    Duration lifetime =
        Duration.ofSeconds(request.lifetimeSeconds() == null ? 3600 : request.lifetimeSeconds());
    JwtClaims claims =
        keys.claims(
            OidcIssuerResource.issuer(publicUrl.of(uri)),
            request.subject(),
            request.audience(),
            lifetime);
    if (request.claims() != null) {
      request.claims().forEach(claims::setClaim);
    }
    return Map.of("token", keys.sign(claims));
  }

  @POST
  @Path("clients")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> register(ClientRequest request) {
    if (request == null || request.clientId() == null || request.secret() == null) {
      throw new GoogleApiException(
          GoogleError.invalidArgument("clientId and secret are required."));
    }
    List<String> roles = request.roles() == null ? List.of() : request.roles();
    clients.register(new OidcClients.Client(request.clientId(), request.secret(), roles));
    return Map.of("clientId", request.clientId(), "roles", roles);
  }
}
