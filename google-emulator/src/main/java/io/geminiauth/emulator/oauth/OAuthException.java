package io.geminiauth.emulator.oauth;

/**
 * An OAuth 2.0 error as Google's token endpoint sends it: {@code {"error": ...,
 * "error_description": ...}} with HTTP 400 (401 for a bad client).
 */
public class OAuthException extends RuntimeException {
  private final int status;
  private final String error;
  private final String description;

  public OAuthException(int status, String error, String description) {
    super(error + ": " + description, null, false, false);
    this.status = status;
    this.error = error;
    this.description = description;
  }

  public static OAuthException invalidGrant(String description) {
    return new OAuthException(400, "invalid_grant", description);
  }

  public static OAuthException invalidRequest(String description) {
    return new OAuthException(400, "invalid_request", description);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public String description() {
    return description;
  }
}
