package io.geminiauth.emulator.oidc;

import io.geminiauth.emulator.EmulatorConfig;
import io.geminiauth.emulator.http.PublicUrl;
import io.geminiauth.emulator.oauth.OAuthException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;

/**
 * An OIDC issuer at {@code /oidc} for the suite's own services: discovery, JWKS, and signed JWT
 * access tokens for internal clients (client-credentials grant), so quarkus-oidc and
 * quarkus-oidc-client run against it for real. Its admin side mints arbitrary subject tokens, such
 * as a Kubernetes projected service-account token for workload identity federation.
 */
@Path("/oidc")
public class OidcIssuerResource {
  private final OidcKeys keys;
  private final OidcClients clients;
  private final PublicUrl publicUrl;
  private final EmulatorConfig config;

  public OidcIssuerResource(
      OidcKeys keys, OidcClients clients, PublicUrl publicUrl, EmulatorConfig config) {
    this.keys = keys;
    this.clients = clients;
    this.publicUrl = publicUrl;
    this.config = config;
  }

  /** The issuer identifier: this emulator's public URL and {@code /oidc}. */
  public static String issuer(String base) {
    return base + "/oidc";
  }

  @GET
  @Path(".well-known/openid-configuration")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> discovery(@Context UriInfo uri) {
    String issuer = issuer(publicUrl.of(uri));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", issuer);
    doc.put("jwks_uri", issuer + "/jwks");
    doc.put("token_endpoint", issuer + "/token");
    doc.put("grant_types_supported", List.of("client_credentials"));
    doc.put("response_types_supported", List.of("token"));
    doc.put("subject_types_supported", List.of("public"));
    doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
    doc.put(
        "token_endpoint_auth_methods_supported",
        List.of("client_secret_basic", "client_secret_post"));
    return doc;
  }

  @GET
  @Path("jwks")
  @Produces(MediaType.APPLICATION_JSON)
  public String jwks() {
    return keys.jwksJson();
  }

  /** Client-credentials grant; the client authenticates with HTTP Basic or form parameters. */
  @POST
  @Path("token")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  public Response token(
      MultivaluedMap<String, String> form,
      @HeaderParam("Authorization") String authorization,
      @Context UriInfo uri) {
    if (!"client_credentials".equals(form.getFirst("grant_type"))) {
      throw new OAuthException(
          400, "unsupported_grant_type", "Only client_credentials is supported here.");
    }
    String[] basic = basicCredentials(authorization);
    String clientId = basic != null ? basic[0] : form.getFirst("client_id");
    String secret = basic != null ? basic[1] : form.getFirst("client_secret");
    OidcClients.Client client =
        clients
            .authenticate(clientId, secret)
            .orElseThrow(
                () -> new OAuthException(401, "invalid_client", "Invalid client credentials."));
    Duration lifetime = config.oidc().tokenLifetime();
    JwtClaims claims =
        keys.claims(issuer(publicUrl.of(uri)), client.clientId(), audience(form), lifetime);
    claims.setClaim("azp", client.clientId());
    claims.setStringListClaim("groups", client.roles());
    if (form.getFirst("scope") != null) {
      claims.setClaim("scope", form.getFirst("scope"));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", keys.sign(claims));
    body.put("token_type", "Bearer");
    body.put("expires_in", lifetime.toSeconds());
    return Response.ok(body).header("Cache-Control", "no-store").build();
  }

  private static String audience(MultivaluedMap<String, String> form) {
    String audience = form.getFirst("audience");
    return audience == null || audience.isBlank() ? "gemini-access-suite" : audience;
  }

  private static String[] basicCredentials(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0
        ? null
        : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }
}
