package io.geminiauth.emulator.oauth;

import io.geminiauth.emulator.EmulatorConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;

/**
 * Google's OAuth 2.0 token endpoint ({@code https://oauth2.googleapis.com/token}): the JWT-bearer
 * grant of service accounts, and the authorization-code and refresh-token grants of users.
 */
@Path("/token")
public class TokenEndpoint {
  static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  private final JwtBearerGrant jwtBearer;
  private final AccessTokenStore tokens;
  private final UserGrantStore userGrants;
  private final EmulatorConfig config;

  public TokenEndpoint(
      JwtBearerGrant jwtBearer,
      AccessTokenStore tokens,
      UserGrantStore userGrants,
      EmulatorConfig config) {
    this.jwtBearer = jwtBearer;
    this.tokens = tokens;
    this.userGrants = userGrants;
    this.config = config;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  public Response token(MultivaluedMap<String, String> form) {
    String grantType = form.getFirst("grant_type");
    if (grantType == null || grantType.isBlank()) {
      throw OAuthException.invalidRequest("Missing required parameter: grant_type");
    }
    TokenResponse response =
        switch (grantType) {
          case JWT_BEARER -> serviceAccount(form.getFirst("assertion"));
          case "authorization_code" -> authorizationCode(form);
          case "refresh_token" -> refresh(form);
          default ->
              throw new OAuthException(
                  400, "unsupported_grant_type", "Invalid grant_type: " + grantType);
        };
    return Response.ok(response).header("Cache-Control", "no-store").build();
  }

  private TokenResponse serviceAccount(String assertion) {
    JwtBearerGrant.Grant grant = jwtBearer.verify(assertion);
    IssuedToken token =
        tokens.issue(
            grant.account().email(),
            grant.scopes(),
            config.oauth().accessTokenLifetime(),
            "service_account");
    return new TokenResponse(
        token.value(),
        config.oauth().accessTokenLifetime().toSeconds(),
        null,
        null,
        "Bearer",
        null);
  }

  private TokenResponse authorizationCode(MultivaluedMap<String, String> form) {
    String clientId = authenticateClient(form);
    UserGrantStore.UserGrant grant =
        userGrants
            .redeemCode(form.getFirst("code"))
            .filter(g -> g.clientId().equals(clientId))
            .orElseThrow(() -> OAuthException.invalidGrant("Malformed auth code."));
    if (!grant.redirectUri().equals(form.getFirst("redirect_uri"))) {
      throw new OAuthException(400, "redirect_uri_mismatch", "Bad Request");
    }
    if (grant.codeChallenge() != null
        && !pkceMatches(grant.codeChallenge(), form.getFirst("code_verifier"))) {
      throw OAuthException.invalidGrant("Invalid code verifier.");
    }
    IssuedToken token = issueUserToken(grant);
    return new TokenResponse(
        token.value(),
        config.oauth().accessTokenLifetime().toSeconds(),
        userGrants.newRefreshToken(grant),
        String.join(" ", grant.scopes()),
        "Bearer",
        null);
  }

  private TokenResponse refresh(MultivaluedMap<String, String> form) {
    String clientId = authenticateClient(form);
    UserGrantStore.UserGrant grant =
        userGrants
            .refreshToken(form.getFirst("refresh_token"))
            .filter(g -> g.clientId().equals(clientId))
            .orElseThrow(() -> OAuthException.invalidGrant("Token has been expired or revoked."));
    IssuedToken token = issueUserToken(grant);
    return new TokenResponse(
        token.value(),
        config.oauth().accessTokenLifetime().toSeconds(),
        null,
        String.join(" ", grant.scopes()),
        "Bearer",
        null);
  }

  private IssuedToken issueUserToken(UserGrantStore.UserGrant grant) {
    return tokens.issue(grant.user(), grant.scopes(), config.oauth().accessTokenLifetime(), "user");
  }

  /** Client id and secret from the form (client_secret_post), checked against the registry. */
  private String authenticateClient(MultivaluedMap<String, String> form) {
    String clientId = form.getFirst("client_id");
    EmulatorConfig.UserClient client =
        clientId == null ? null : config.oauth().clients().get(clientId);
    if (client == null) {
      throw new OAuthException(401, "invalid_client", "The OAuth client was not found.");
    }
    String secret = form.getFirst("client_secret");
    if (secret == null
        || !MessageDigest.isEqual(
            client.secret().getBytes(StandardCharsets.UTF_8),
            secret.getBytes(StandardCharsets.UTF_8))) {
      throw new OAuthException(401, "invalid_client", "Unauthorized");
    }
    return clientId;
  }

  private static boolean pkceMatches(String challenge, String verifier) {
    if (verifier == null) {
      return false;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      String computed = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
      return MessageDigest.isEqual(
          computed.getBytes(StandardCharsets.US_ASCII),
          challenge.getBytes(StandardCharsets.US_ASCII));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Scopes a user may grant: the same names Google knows. */
  static Set<String> userScopes(String scope) {
    Set<String> scopes = GoogleScopes.parse(scope);
    if (scopes.isEmpty() || !scopes.stream().allMatch(GoogleScopes::isKnown)) {
      throw new OAuthException(400, "invalid_scope", JwtBearerGrant.INVALID_SCOPE);
    }
    return scopes;
  }
}
