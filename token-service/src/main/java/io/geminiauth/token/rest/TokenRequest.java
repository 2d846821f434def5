package io.geminiauth.token.rest;

import io.geminiauth.common.error.FieldViolation;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The body of {@code POST /v1/tokens}. */
public record TokenRequest(String serviceAccount, List<String> scopes) {
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
