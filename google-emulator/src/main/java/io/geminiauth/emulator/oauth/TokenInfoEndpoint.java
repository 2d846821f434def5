package io.geminiauth.emulator.oauth;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Google's {@code tokeninfo} and {@code revoke} endpoints for the tokens the emulator issued. */
@Path("/")
public class TokenInfoEndpoint {
  private final AccessTokenStore tokens;
  private final UserGrantStore userGrants;
  private final Clock clock;

  public TokenInfoEndpoint(AccessTokenStore tokens, UserGrantStore userGrants, Clock clock) {
    this.tokens = tokens;
    this.userGrants = userGrants;
    this.clock = clock;
  }

  @GET
  @Path("tokeninfo")
  @Produces(MediaType.APPLICATION_JSON)
  public Response tokenInfo(@QueryParam("access_token") String accessToken) {
    Instant now = clock.instant();
    return tokens
        .find(accessToken)
        .filter(t -> !t.expiredAt(now))
        .map(t -> Response.ok(describe(t, now)).build())
        .orElseThrow(() -> new OAuthException(400, "invalid_token", "Invalid Value"));
  }

  @POST
  @Path("revoke")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response revoke(@FormParam("token") String token, @QueryParam("token") String queryToken) {
    String value = token != null ? token : queryToken;
    if (value == null || !(tokens.revoke(value) | userGrants.revokeRefreshToken(value))) {
      throw new OAuthException(400, "invalid_token", "Token expired or revoked");
    }
    return Response.ok().build();
  }

  private static Map<String, Object> describe(IssuedToken token, Instant now) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("azp", token.principal());
    body.put("aud", token.principal());
    body.put("scope", String.join(" ", token.scopes()));
    body.put("exp", Long.toString(token.expiry().getEpochSecond()));
    body.put("expires_in", Long.toString(Duration.between(now, token.expiry()).toSeconds()));
    body.put("email", token.principal());
    body.put("email_verified", "true");
    body.put("access_type", "online");
    return body;
  }
}
