package io.geminiauth.emulator.iam;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.emulator.oauth.AccessTokenStore;
import io.geminiauth.emulator.oauth.GoogleScopes;
import io.geminiauth.emulator.oauth.IssuedToken;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * Who calls an IAM API: a bearer access token the emulator issued, unexpired, with the
 * cloud-platform or iam scope; Google's 401 or 403 otherwise.
 */
@ApplicationScoped
public class IamCallers {
  private final AccessTokenStore tokens;

  public IamCallers(AccessTokenStore tokens) {
    this.tokens = tokens;
  }

  public IssuedToken require(String authorization, Instant now) {
    String bearer =
        AccessTokenStore.bearerValue(authorization)
            .orElseThrow(
                () ->
                    new GoogleApiException(
                        GoogleError.unauthenticated(
                            "Request is missing required authentication credential. Expected"
                                + " OAuth 2 access token, login cookie or other valid"
                                + " authentication credential.")));
    IssuedToken token =
        tokens
            .find(bearer)
            .filter(t -> !t.expiredAt(now))
            .orElseThrow(
                () ->
                    new GoogleApiException(
                        GoogleError.unauthenticated(
                            "Request had invalid authentication credentials. Expected OAuth 2"
                                + " access token, login cookie or other valid authentication"
                                + " credential.")));
    if (!token.hasAnyScope(GoogleScopes.IAM_CREDENTIALS)) {
      throw new GoogleApiException(
          GoogleError.permissionDenied("Request had insufficient authentication scopes."));
    }
    return token;
  }

  /** IAM's refusal of {@code permission} on {@code account}, the same whether it exists or not. */
  static GoogleApiException denied(String permission, String account) {
    return new GoogleApiException(
        GoogleError.permissionDenied(
                "Permission '" + permission + "' denied on resource (or it may not exist).")
            .withReason(
                "IAM_PERMISSION_DENIED",
                "iam.googleapis.com",
                Map.of(
                    "permission",
                    permission,
                    "resource",
                    "projects/-/serviceAccounts/" + account)));
  }
}
