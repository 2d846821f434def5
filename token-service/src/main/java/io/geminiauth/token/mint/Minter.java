package io.geminiauth.token.mint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geminiauth.common.token.AccessToken;
import io.geminiauth.token.TokenConfig;
import io.geminiauth.token.credential.Credential;
import io.geminiauth.token.credential.ServiceAccountKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * Mints one token from one credential: the JWT-bearer grant for keys, IAM generateAccessToken for
 * impersonation, the STS token exchange for federation. One call, no caching: {@link
 * io.geminiauth.common.token.TokenCache} decides when to call.
 */
@ApplicationScoped
public class Minter {
  static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  /** The scope a source token needs to call IAM Credentials. */
  public static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final UpstreamClients upstream;
  private final TokenConfig.Upstream config;
  private final Clock clock;

  public Minter(UpstreamClients upstream, TokenConfig config, Clock clock) {
    this.upstream = upstream;
    this.config = config.upstream();
    this.clock = clock;
  }

  /**
   * Mints a token for {@code credential} with {@code scopes}. {@code sourceTokens} gives another
   * account's (cached) cloud-platform token, for impersonation.
   */
  public AccessToken mint(
      Credential credential, List<String> scopes, Function<String, AccessToken> sourceTokens) {
    if (credential instanceof Credential.Key k) {
      return jwtBearer(k.key(), scopes);
    }
    if (credential instanceof Credential.Impersonated i) {
      return impersonate(
          sourceTokens.apply(i.sourceAccount()).value(), i.account(), i.delegates(), scopes);
    }
    return federate((Credential.Federated) credential, scopes);
  }

  private AccessToken jwtBearer(ServiceAccountKey key, List<String> scopes) {
    String assertion = JwtAssertion.create(key, scopes, config.tokenAudience(), clock.instant());
    Form form = new Form().param("grant_type", JWT_BEARER).param("assertion", assertion);
    String name = UpstreamClients.endpointName(key.tokenUri());
    return upstream.call(
        name, key.tokenUri(), AccessToken.class, http -> oauthToken(name, http.postForm(form)));
  }

  private AccessToken federate(Credential.Federated credential, List<String> scopes) {
    String subjectToken;
    try {
      subjectToken = Files.readString(credential.subjectTokenFile(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new MintFailure(
          "file:" + credential.subjectTokenFile(),
          0,
          "subject_token_unreadable",
          e.getClass().getSimpleName(),
          MintFailure.Kind.RETRYABLE);
    }
    List<String> stsScopes =
        credential.impersonate().isPresent() ? List.of(CLOUD_PLATFORM) : scopes;
    Form form =
        new Form()
            .param("grant_type", TOKEN_EXCHANGE)
            .param("audience", credential.audience())
            .param("scope", String.join(" ", stsScopes))
            .param("requested_token_type", ACCESS_TOKEN_TYPE)
            .param("subject_token_type", credential.subjectTokenType())
            .param("subject_token", subjectToken);
    URI sts = config.sts();
    String name = UpstreamClients.endpointName(sts);
    AccessToken federated =
        upstream.call(name, sts, AccessToken.class, http -> oauthToken(name, http.postForm(form)));
    return credential.impersonate().isPresent()
        ? impersonate(federated.value(), credential.impersonate().get(), List.of(), scopes)
        : federated;
  }

  private AccessToken impersonate(
      String sourceToken, String target, List<String> delegates, List<String> scopes) {
    URI endpoint =
        URI.create(
            config.iamCredentials()
                + "/v1/projects/-/serviceAccounts/"
                + target
                + ":generateAccessToken");
    ObjectNode body = JSON.createObjectNode();
    delegates.forEach(d -> body.withArray("delegates").add("projects/-/serviceAccounts/" + d));
    scopes.forEach(s -> body.withArray("scope").add(s));
    body.put("lifetime", "3600s");
    String json = body.toString();
    String name = config.iamCredentials() + "/v1/projects/-/serviceAccounts/*:generateAccessToken";
    return upstream.call(
        name,
        endpoint,
        AccessToken.class,
        http -> iamToken(name, http.postJson("Bearer " + sourceToken, json)));
  }

  /** An OAuth token response ({@code access_token}, {@code expires_in}) or its error. */
  private AccessToken oauthToken(String name, Response response) {
    JsonNode body = read(response);
    if (response.getStatus() != 200) {
      throw MintFailure.of(
          name,
          response.getStatus(),
          body.path("error").asText(null),
          body.path("error_description").asText(null));
    }
    String token = body.path("access_token").asText("");
    long expiresIn = body.path("expires_in").asLong(0);
    if (token.isEmpty() || expiresIn <= 0) {
      throw MintFailure.of(name, 502, "malformed_response", "no access_token or expires_in");
    }
    // Our clock, read when the answer arrived: the remaining time is what counts.
    return new AccessToken(token, clock.instant().plusSeconds(expiresIn));
  }

  /** An IAM answer ({@code accessToken}, {@code expireTime}) or Google's error body. */
  private AccessToken iamToken(String name, Response response) {
    JsonNode body = read(response);
    if (response.getStatus() != 200) {
      throw MintFailure.ofGoogleError(name, response.getStatus(), body);
    }
    String token = body.path("accessToken").asText("");
    try {
      Instant expires = Instant.parse(body.path("expireTime").asText(""));
      if (!token.isEmpty()) {
        return new AccessToken(token, expires);
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw MintFailure.of(name, 502, "malformed_response", "no accessToken or expireTime");
  }

  /** An answer's JSON body (an empty object when it has none or none that parses), closed. */
  static JsonNode read(Response response) {
    try {
      String text = response.readEntity(String.class);
      JsonNode node = text == null || text.isBlank() ? null : JSON.readTree(text);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException | RuntimeException e) {
      return JSON.createObjectNode();
    } finally {
      response.close();
    }
  }
}
