package io.geminiauth.gateway.credential;

import io.geminiauth.gateway.GatewayConfig;
import io.quarkus.oidc.client.OidcClient;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The token-service's {@code POST /v1/tokens}, with the fault tolerance every outbound call of the
 * suite has: connect and read timeouts (the REST client's {@code
 * quarkus.rest-client.token-service.*} settings), a short retry of what may pass, and a breaker. A
 * refusal (4xx) is neither retried nor counted: it is the policy's answer, not the token-service's
 * health. Blocking: called from the token cache's mint threads, never from an event loop.
 */
@ApplicationScoped
public class TokenServiceClient {
  private final TokenServiceApi api;
  private final GatewayConfig.TokenService config;
  private final Instance<OidcClient> oidc;
  private final boolean useOidc;

  public TokenServiceClient(
      @RestClient TokenServiceApi api,
      GatewayConfig config,
      Instance<OidcClient> oidc,
      @ConfigProperty(name = "quarkus.oidc-client.client-enabled", defaultValue = "false")
          boolean useOidc) {
    this.api = api;
    this.config = config.tokenService();
    this.oidc = oidc;
    this.useOidc = useOidc;
  }

  /**
   * A token for {@code account} with {@code scopes}; {@code refusedSha256} (or null) names a token
   * Google just refused, so that the token-service mints anew instead of handing it out again.
   */
  @Retry(
      maxRetries = 2,
      delay = 200,
      jitter = 100,
      retryOn = TokenServiceUnavailable.class,
      abortOn = TokenServiceRefusal.class)
  @CircuitBreaker(
      requestVolumeThreshold = 10,
      failureRatio = 0.5,
      delay = 10_000,
      skipOn = TokenServiceRefusal.class)
  @CircuitBreakerName("token-service")
  public TokenServiceApi.TokenGrant token(
      String account, List<String> scopes, String refusedSha256) {
    try {
      return api.token(
          config.key().orElse(null),
          authorization(),
          new TokenServiceApi.TokenRequest(account, scopes, refusedSha256));
    } catch (WebApplicationException e) {
      int status = e.getResponse().getStatus();
      if (status >= 400 && status < 500 && status != 408 && status != 429) {
        throw new TokenServiceRefusal(status);
      }
      throw new TokenServiceUnavailable(String.valueOf(status));
    } catch (ProcessingException e) {
      // Connect or read timeout, refused or dropped connection.
      throw new TokenServiceUnavailable(e.getClass().getSimpleName());
    }
  }

  private String authorization() {
    if (!useOidc) {
      return null;
    }
    return "Bearer "
        + oidc.get().getTokens().await().atMost(Duration.ofSeconds(10)).getAccessToken();
  }
}
