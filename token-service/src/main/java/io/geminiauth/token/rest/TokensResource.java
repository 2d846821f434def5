package io.geminiauth.token.rest;

import io.geminiauth.common.error.FieldViolation;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.Outcome;
import io.geminiauth.token.audit.TokenAudit;
import io.geminiauth.token.broker.TokenBroker;
import io.geminiauth.token.policy.PolicyStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** {@code POST /v1/tokens}: an access token for an account and scopes the caller may have. */
@Path("/v1/tokens")
public class TokensResource {
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+");
  static final int MAX_SCOPES = 50;

  private final TokenBroker broker;
  private final PolicyStore policy;
  private final CurrentCaller caller;
  private final TokenAudit audit;
  private final Clock clock;

  public TokensResource(
      TokenBroker broker, PolicyStore policy, CurrentCaller caller, TokenAudit audit, Clock clock) {
    this.broker = broker;
    this.policy = policy;
    this.caller = caller;
    this.audit = audit;
    this.clock = clock;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<TokenResponse> token(TokenRequest request) {
    validate(request);
    String name = caller.get().name();
    String refusal = policy.current().refusal(name, request.serviceAccount(), request.scopes());
    if (refusal != null) {
      audit.record(
          AuthEventType.ACCESS_DENIED,
          Outcome.DENIED,
          name,
          request.serviceAccount(),
          b ->
              b.reason(refusal)
                  .scopes(request.scopes())
                  .callerIp(caller.ip())
                  .userAgent(caller.userAgent()));
      throw new GoogleApiException(GoogleError.permissionDenied(refusal));
    }
    return Uni.createFrom()
        .completionStage(broker.token(request.serviceAccount(), request.scopes(), name))
        .map(token -> TokenResponse.of(token, clock.instant()));
  }

  private static void validate(TokenRequest request) {
    if (request == null) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "The body must be a JSON object with serviceAccount and scopes."));
    }
    List<FieldViolation> violations = new ArrayList<>();
    if (request.serviceAccount() == null || !EMAIL.matcher(request.serviceAccount()).matches()) {
      violations.add(
          new FieldViolation("serviceAccount", "must be a service-account email address"));
    }
    if (request.scopes() == null || request.scopes().isEmpty()) {
      violations.add(new FieldViolation("scopes", "must list at least one OAuth scope"));
    } else if (request.scopes().size() > MAX_SCOPES) {
      violations.add(new FieldViolation("scopes", "must list at most " + MAX_SCOPES + " scopes"));
    } else {
      for (int i = 0; i < request.scopes().size(); i++) {
        if (!isScope(request.scopes().get(i))) {
          violations.add(
              new FieldViolation(
                  "scopes[" + i + "]",
                  "must be a scope URL like https://www.googleapis.com/auth/…"));
        }
      }
    }
    if (!violations.isEmpty()) {
      throw new GoogleApiException(
          GoogleError.invalidArgument("The token request is not valid.", violations));
    }
  }

  private static boolean isScope(String scope) {
    if (scope == null || scope.length() > 200) {
      return false;
    }
    try {
      URI uri = URI.create(scope);
      return "https".equals(uri.getScheme()) && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
