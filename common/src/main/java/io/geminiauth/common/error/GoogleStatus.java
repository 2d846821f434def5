package io.geminiauth.common.error;

/**
 * The canonical {@code google.rpc.Code} values the suite uses, each with the HTTP status Google's
 * HTTP/JSON APIs send for it.
 */
public enum GoogleStatus {
  INVALID_ARGUMENT(400),
  FAILED_PRECONDITION(400),
  OUT_OF_RANGE(400),
  UNAUTHENTICATED(401),
  PERMISSION_DENIED(403),
  NOT_FOUND(404),
  ALREADY_EXISTS(409),
  ABORTED(409),
  RESOURCE_EXHAUSTED(429),
  CANCELLED(499),
  UNKNOWN(500),
  INTERNAL(500),
  DATA_LOSS(500),
  UNIMPLEMENTED(501),
  UNAVAILABLE(503),
  DEADLINE_EXCEEDED(504);

  private final int httpStatus;

  GoogleStatus(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status code Google answers with for this status. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The status Google reports for an HTTP status that carries no {@code google.rpc} status of its
   * own (e.g. a 405 from the HTTP layer).
   */
  public static GoogleStatus forHttpStatus(int httpStatus) {
    return switch (httpStatus) {
      case 400, 405, 406, 411, 414, 415, 422 -> INVALID_ARGUMENT;
      case 401 -> UNAUTHENTICATED;
      case 403 -> PERMISSION_DENIED;
      case 404 -> NOT_FOUND;
      case 408, 504 -> DEADLINE_EXCEEDED;
      case 409 -> ABORTED;
      case 412 -> FAILED_PRECONDITION;
      case 413 -> OUT_OF_RANGE;
      case 429 -> RESOURCE_EXHAUSTED;
      case 499 -> CANCELLED;
      case 501 -> UNIMPLEMENTED;
      case 502, 503 -> UNAVAILABLE;
      default -> httpStatus >= 500 ? INTERNAL : (httpStatus >= 400 ? INVALID_ARGUMENT : UNKNOWN);
    };
  }
}
