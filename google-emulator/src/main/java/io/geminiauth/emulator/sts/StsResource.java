package io.geminiauth.emulator.sts;

import io.geminiauth.emulator.EmulatorConfig;
import io.geminiauth.emulator.http.PublicUrl;
import io.geminiauth.emulator.oauth.AccessTokenStore;
import io.geminiauth.emulator.oauth.GoogleScopes;
import io.geminiauth.emulator.oauth.IssuedToken;
import io.geminiauth.emulator.oauth.OAuthException;
import io.geminiauth.emulator.oidc.OidcKeys;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.JoseException;

/**
 * Google's Security Token Service ({@code sts.googleapis.com/v1/token}): exchanges an external OIDC
 * token for a federated access token (RFC 8693), as workload identity federation does.
 */
@Path("/v1/token")
public class StsResource {
  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
  private static final Set<String> SUBJECT_TYPES =
      Set.of("urn:ietf:params:oauth:token-type:jwt", "urn:ietf:params:oauth:token-type:id_token");

  private final WorkloadIdentityProviders providers;
  private final AccessTokenStore tokens;
  private final OidcKeys oidcKeys;
  private final PublicUrl publicUrl;
  private final EmulatorConfig config;
  private final Clock clock;

  public StsResource(
      WorkloadIdentityProviders providers,
      AccessTokenStore tokens,
      OidcKeys oidcKeys,
      PublicUrl publicUrl,
      EmulatorConfig config,
      Clock clock) {
    this.providers = providers;
    this.tokens = tokens;
    this.oidcKeys = oidcKeys;
    this.publicUrl = publicUrl;
    this.config = config;
    this.clock = clock;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> exchange(MultivaluedMap<String, String> form, @Context UriInfo uri) {
    if (!TOKEN_EXCHANGE.equals(form.getFirst("grant_type"))) {
      throw new OAuthException(400, "unsupported_grant_type", "Invalid value for \"grant_type\".");
    }
    if (!ACCESS_TOKEN_TYPE.equals(form.getFirst("requested_token_type"))) {
      throw OAuthException.invalidRequest("Invalid value for \"requested_token_type\".");
    }
    if (!SUBJECT_TYPES.contains(form.getFirst("subject_token_type"))) {
      throw OAuthException.invalidRequest("Invalid value for \"subject_token_type\".");
    }
    WorkloadIdentityProviders.Provider provider =
        providers
            .find(form.getFirst("audience"))
            .orElseThrow(
                () ->
                    new OAuthException(
                        400,
                        "invalid_target",
                        "The target service indicated by the \"audience\" parameters is invalid."
                            + " This might either be because the pool or provider is disabled or"
                            + " deleted or because it doesn't exist."));
    JwtClaims claims = verify(form.getFirst("subject_token"), provider);
    Set<String> scopes = GoogleScopes.parse(form.getFirst("scope"));
    if (scopes.isEmpty()) {
      scopes = Set.of(GoogleScopes.CLOUD_PLATFORM);
    }
    String subject;
    try {
      subject = claims.getSubject();
    } catch (MalformedClaimException e) {
      throw OAuthException.invalidGrant("The subject token has no valid sub claim.");
    }
    IssuedToken token =
        tokens.issue(
            provider.principal(subject), scopes, config.oauth().accessTokenLifetime(), "federated");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", token.value());
    body.put("issued_token_type", ACCESS_TOKEN_TYPE);
    body.put("token_type", "Bearer");
    body.put("expires_in", config.oauth().accessTokenLifetime().toSeconds());
    return body;
  }

  private JwtClaims verify(String token, WorkloadIdentityProviders.Provider provider) {
    if (token == null || token.isBlank()) {
      throw OAuthException.invalidRequest("Missing required parameter: subject_token");
    }
    JwtClaims claims;
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setCompactSerialization(token);
      String jwks = provider.jwks() != null ? provider.jwks() : oidcKeys.jwksJson();
      var key = new VerificationJwkSelector().select(jws, new JsonWebKeySet(jwks).getJsonWebKeys());
      if (key == null
          || !AlgorithmIdentifiers.RSA_USING_SHA256.equals(jws.getAlgorithmHeaderValue())) {
        throw OAuthException.invalidGrant("The ID Token signature could not be verified.");
      }
      jws.setKey(key.getKey());
      if (!jws.verifySignature()) {
        throw OAuthException.invalidGrant("The ID Token signature could not be verified.");
      }
      claims = JwtClaims.parse(jws.getPayload());
    } catch (JoseException | InvalidJwtException e) {
      throw OAuthException.invalidGrant("Unable to parse the ID Token.");
    }
    try {
      if (!provider.issuer().equals(claims.getIssuer())) {
        throw OAuthException.invalidGrant(
            "The issuer in ID Token " + claims.getIssuer() + " does not match the expected ones.");
      }
      if (!claims.getAudience().contains(provider.expectedTokenAudience())) {
        throw OAuthException.invalidGrant(
            "The audience in ID Token "
                + claims.getAudience()
                + " does not match the expected audience.");
      }
      if (claims.getExpirationTime() == null
          || claims.getExpirationTime().getValue() <= clock.instant().getEpochSecond()) {
        throw OAuthException.invalidGrant("ID Token expired.");
      }
    } catch (MalformedClaimException e) {
      throw OAuthException.invalidGrant("Unable to parse the ID Token.");
    }
    return claims;
  }
}
