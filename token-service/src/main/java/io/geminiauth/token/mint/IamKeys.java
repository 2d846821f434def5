package io.geminiauth.token.mint;

import com.fasterxml.jackson.databind.JsonNode;
import io.geminiauth.common.token.AccessToken;
import io.geminiauth.token.TokenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * IAM's {@code projects.serviceAccounts.keys.get}: a key's metadata, read for its {@code
 * validAfterTime}. Through the same guard (retry, breaker) as every call to Google.
 */
@ApplicationScoped
public class IamKeys {
  private static final Logger LOG = Logger.getLogger(IamKeys.class);

  private final UpstreamClients upstream;
  private final URI iam;

  public IamKeys(UpstreamClients upstream, TokenConfig config) {
    this.upstream = upstream;
    this.iam = config.upstream().iam();
  }

  /**
   * When Google made key {@code keyId} of {@code account} ({@code validAfterTime}), asked with
   * {@code token}; empty when IAM does not say (no permission, unreachable).
   */
  public Optional<Instant> madeAt(String account, String keyId, AccessToken token) {
    URI endpoint =
        URI.create(
            iam
                + "/v1/projects/-/serviceAccounts/"
                + URLEncoder.encode(account, StandardCharsets.UTF_8)
                + "/keys/"
                + keyId);
    String name = iam + "/v1/projects/-/serviceAccounts/*/keys/*";
    try {
      return Optional.of(
          upstream.call(
              name,
              endpoint,
              Instant.class,
              http -> validAfter(name, http.get("Bearer " + token.value()))));
    } catch (MintFailure | CircuitBreakerOpenException e) {
      LOG.debugf("IAM keys.get for %s: %s", account, e.getMessage());
      return Optional.empty();
    }
  }

  private static Instant validAfter(String name, Response response) {
    JsonNode body = Minter.read(response);
    if (response.getStatus() != 200) {
      throw MintFailure.ofGoogleError(name, response.getStatus(), body);
    }
    try {
      return Instant.parse(body.path("validAfterTime").asText(""));
    } catch (DateTimeParseException e) {
      throw MintFailure.of(name, 502, "malformed_response", "no validAfterTime");
    }
  }
}
