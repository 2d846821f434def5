package io.geminiauth.token.rest;

import io.geminiauth.common.error.FieldViolation;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/tokens}.
 *
 * @param refusedToken optional: the SHA-256 (hex) of a token of this account that Google refused
 *     (an upstream 401). If it is still the cached one it is dropped and a new one minted;
 *     otherwise the current one is handed out. A hash, so the token itself never travels back.
 */
public record TokenRequest(String serviceAccount, List<String> scopes, String refusedToken) {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+");
  private static final Pattern SCOPE =
      Pattern.compile("https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?");
  static final int MAX_SCOPES = 50;

  /** Throws Google's INVALID_ARGUMENT naming every field at fault. */
  public void validate() {
    List<FieldViolation> violations = new ArrayList<>();
    if (serviceAccount == null || !EMAIL.matcher(serviceAccount).matches()) {
      violations.add(
          new FieldViolation("serviceAccount", "must be a service-account email address"));
    }
    if (scopes == null || scopes.isEmpty()) {
      violations.add(new FieldViolation("scopes", "must list at least one OAuth scope"));
    } else if (scopes.size() > MAX_SCOPES) {
      violations.add(new FieldViolation("scopes", "must list at most " + MAX_SCOPES + " scopes"));
    } else {
      for (int i = 0; i < scopes.size(); i++) {
        if (!isScope(scopes.get(i))) {
          violations.add(
              new FieldViolation(
                  "scopes[" + i + "]",
                  "must be a scope URL like https://www.googleapis.com/auth/…"));
        }
      }
    }
    if (refusedToken != null && !SHA256_HEX.matcher(refusedToken).matches()) {
      violations.add(
          new FieldViolation(
              "refusedToken", "must be the SHA-256 of the refused token, in lower-case hex"));
    }
    if (!violations.isEmpty()) {
      throw new GoogleApiException(
          GoogleError.invalidArgument("The token request is not valid.", violations));
    }
  }

  /** An https URL with a host and nothing but URL characters (checked cheaply: the hot path). */
  private static boolean isScope(String scope) {
    return scope != null && scope.length() <= 200 && SCOPE.matcher(scope).matches();
  }
}
