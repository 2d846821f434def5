package io.geminiauth.emulator.oauth;

import io.geminiauth.emulator.EmulatorConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;

/**
 * Google's consent screen ({@code accounts.google.com/o/oauth2/auth}), approving at once for the
 * configured test users: it checks the client and redirect URI like Google and redirects with a
 * code.
 */
@Path("/o/oauth2/auth")
public class ConsentEndpoint {
  private final EmulatorConfig config;
  private final UserGrantStore grants;

  public ConsentEndpoint(EmulatorConfig config, UserGrantStore grants) {
    this.config = config;
    this.grants = grants;
  }

  @GET
  public Response consent(
      @QueryParam("client_id") String clientId,
      @QueryParam("redirect_uri") String redirectUri,
      @QueryParam("response_type") String responseType,
      @QueryParam("scope") String scope,
      @QueryParam("state") String state,
      @QueryParam("login_hint") String loginHint,
      @QueryParam("code_challenge") String codeChallenge,
      @QueryParam("code_challenge_method") String codeChallengeMethod) {
    EmulatorConfig.UserClient client =
        clientId == null ? null : config.oauth().clients().get(clientId);
    if (client == null) {
      return errorPage("invalid_client", "The OAuth client was not found.");
    }
    if (redirectUri == null || !client.redirectUris().contains(redirectUri)) {
      return errorPage("redirect_uri_mismatch", "redirect_uri is not registered for this client.");
    }
    UriBuilder back = UriBuilder.fromUri(redirectUri);
    if (state != null) {
      back.queryParam("state", state);
    }
    if (!"code".equals(responseType)) {
      return Response.seeOther(back.queryParam("error", "unsupported_response_type").build())
          .build();
    }
    if (codeChallenge != null && !"S256".equals(codeChallengeMethod)) {
      return Response.seeOther(back.queryParam("error", "invalid_request").build()).build();
    }
    List<String> users = config.oauth().testUsers();
    String user = loginHint == null ? users.get(0) : loginHint;
    if (!users.contains(user)) {
      return Response.seeOther(back.queryParam("error", "access_denied").build()).build();
    }
    java.util.Set<String> scopes;
    try {
      scopes = TokenEndpoint.userScopes(scope);
    } catch (OAuthException e) {
      return Response.seeOther(back.queryParam("error", "invalid_scope").build()).build();
    }
    String code = grants.newCode(clientId, user, scopes, redirectUri, codeChallenge);
    return Response.status(Response.Status.FOUND)
        .location(
            back.queryParam("code", code).queryParam("scope", String.join(" ", scopes)).build())
        .build();
  }

  private static Response errorPage(String error, String description) {
    return Response.status(400)
        .type(MediaType.TEXT_PLAIN_TYPE)
        .entity("Error 400: " + error + "\n" + description + "\n")
        .build();
  }
}
