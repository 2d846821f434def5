package io.geminiauth.gateway.credential;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The token-service's {@code POST /v1/tokens} (ARCHITECTURE.md), wrapped by {@link
 * TokenServiceClient}, which owns its fault tolerance. The caller authenticates with a static key
 * or an OIDC bearer token; a null header is not sent.
 */
@RegisterRestClient(configKey = "token-service")
@Path("/v1/tokens")
interface TokenServiceApi {

  /**
   * The request body; {@code refusedToken} (the SHA-256 of a token Google just refused, or null)
   * asks the token-service to drop that token and mint a new one.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TokenRequest(String serviceAccount, List<String> scopes, String refusedToken) {}

  /**
   * The answer: a Google access token and when it expires. Fields the token-service may add later
   * are ignored: the gateway reads answers leniently, requests strictly.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record TokenGrant(
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("token_type") String tokenType,
      @JsonProperty("expires_in") long expiresIn,
      @JsonProperty("expires_at") Instant expiresAt) {
    @Override
    public String toString() {
      return "TokenGrant[expires_at=" + expiresAt + "]";
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  TokenGrant token(
      @HeaderParam("x-token-service-key") String key,
      @HeaderParam("Authorization") String authorization,
      TokenRequest request);
}
