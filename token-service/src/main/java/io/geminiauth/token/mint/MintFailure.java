package io.geminiauth.token.mint;

import io.geminiauth.common.redact.Redactor;
import java.util.Set;

/**
 * A mint that did not give a token: which endpoint, the HTTP status (0 when no answer came), and
 * Google's error code and description. Never the request or a token.
 */
public class MintFailure extends RuntimeException {
  /** Statuses worth another try: the request itself may be fine next time. */
  static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  /** OAuth error codes that Google answers with 400 but that are passing trouble. */
  static final Set<String> RETRYABLE_OAUTH_ERRORS =
      Set.of("internal_failure", "server_error", "temporarily_unavailable");

  /** What the failure means for the next attempt. */
  public enum Kind {
    /** Passing trouble: retry with backoff. */
    RETRYABLE,
    /** Google refused the credential itself ({@code invalid_grant}): never retried. */
    CREDENTIAL_REJECTED,
    /** Any other refusal: retrying the same request cannot help. */
    PERMANENT
  }

  private final String endpoint;
  private final int status;
  private final String code;
  private final Kind kind;

  public MintFailure(String endpoint, int status, String code, String description, Kind kind) {
    super(
        endpoint
            + " answered "
            + (status == 0 ? "nothing" : status)
            + (code == null ? "" : " " + code)
            + (description == null || description.isBlank()
                ? ""
                : ": " + Redactor.redact(description)));
    this.endpoint = endpoint;
    this.status = status;
    this.code = code;
    this.kind = kind;
  }

  /** Classifies an HTTP answer from a token endpoint, IAM or STS. */
  public static MintFailure of(String endpoint, int status, String code, String description) {
    Kind kind;
    if (RETRYABLE_STATUSES.contains(status)
        || (status == 400 && code != null && RETRYABLE_OAUTH_ERRORS.contains(code))) {
      kind = Kind.RETRYABLE;
    } else if ("invalid_grant".equals(code)) {
      kind = Kind.CREDENTIAL_REJECTED;
    } else {
      kind = Kind.PERMANENT;
    }
    return new MintFailure(endpoint, status, code, description, kind);
  }

  /** A refusal in Google's error JSON ({@code error.status}, {@code error.message}): IAM, STS. */
  static MintFailure ofGoogleError(
      String endpoint, int status, com.fasterxml.jackson.databind.JsonNode body) {
    com.fasterxml.jackson.databind.JsonNode error = body.path("error");
    return of(
        endpoint, status, error.path("status").asText(null), error.path("message").asText(null));
  }

  /** No answer at all (connection refused, reset, timeout). */
  public static MintFailure network(String endpoint, Throwable cause) {
    return new MintFailure(
        endpoint, 0, "network_error", cause.getClass().getSimpleName(), Kind.RETRYABLE);
  }

  public String endpoint() {
    return endpoint;
  }

  public int status() {
    return status;
  }

  /** Google's error code ({@code invalid_grant}, {@code PERMISSION_DENIED}, ...). */
  public String code() {
    return code;
  }

  public Kind kind() {
    return kind;
  }

  public boolean retryable() {
    return kind == Kind.RETRYABLE;
  }
}
