package io.geminiauth.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Google's error body, {@code {"error": google.rpc.Status}}, the one error shape every service of
 * the suite answers with.
 */
public record GoogleError(Status error) {

  /** {@code google.rpc.Status} in Google's HTTP/JSON mapping. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Status(int code, String message, String status, List<ErrorDetail> details) {
    public Status {
      details = details == null ? List.of() : List.copyOf(details);
    }
  }

  public GoogleError {
    if (error == null) {
      throw new IllegalArgumentException("error is required");
    }
  }

  /** An error with the HTTP code Google pairs with {@code status}. */
  public static GoogleError of(GoogleStatus status, String message, ErrorDetail... details) {
    return new GoogleError(
        new Status(status.httpStatus(), message, status.name(), List.of(details)));
  }

  public static GoogleError invalidArgument(String message, FieldViolation... violations) {
    return violations.length == 0
        ? of(GoogleStatus.INVALID_ARGUMENT, message)
        : of(
            GoogleStatus.INVALID_ARGUMENT,
            message,
            new ErrorDetail.BadRequest(List.of(violations)));
  }

  public static GoogleError invalidArgument(String message, List<FieldViolation> violations) {
    return of(GoogleStatus.INVALID_ARGUMENT, message, new ErrorDetail.BadRequest(violations));
  }

  public static GoogleError unauthenticated(String message) {
    return of(GoogleStatus.UNAUTHENTICATED, message);
  }

  public static GoogleError permissionDenied(String message) {
    return of(GoogleStatus.PERMISSION_DENIED, message);
  }

  public static GoogleError notFound(String message) {
    return of(GoogleStatus.NOT_FOUND, message);
  }

  /** 429 with a {@code RetryInfo} detail saying when to come back. */
  public static GoogleError resourceExhausted(String message, Duration retryDelay) {
    return of(GoogleStatus.RESOURCE_EXHAUSTED, message, ErrorDetail.RetryInfo.of(retryDelay));
  }

  /** 503 with a {@code RetryInfo} detail saying when to come back. */
  public static GoogleError unavailable(String message, Duration retryDelay) {
    return of(GoogleStatus.UNAVAILABLE, message, ErrorDetail.RetryInfo.of(retryDelay));
  }

  public static GoogleError deadlineExceeded(String message) {
    return of(GoogleStatus.DEADLINE_EXCEEDED, message);
  }

  /**
   * 405 for a path served with other HTTP methods only; the answer also carries {@code Allow:
   * allowed} where they are known (null: not known). The path is redacted: a client may have put a
   * key in it.
   */
  public static GoogleError methodNotAllowed(String method, String path, String allowed) {
    return of(
            GoogleStatus.INVALID_ARGUMENT,
            "Method "
                + method
                + " is not allowed on "
                + io.geminiauth.common.redact.Redactor.redact(path)
                + (allowed == null ? "." : "; use " + allowed + "."))
        .withCode(405);
  }

  public static GoogleError internal(String message) {
    return of(GoogleStatus.INTERNAL, message);
  }

  /** The same error with one more detail appended. */
  public GoogleError withDetail(ErrorDetail detail) {
    List<ErrorDetail> details = new ArrayList<>(error.details());
    details.add(detail);
    return new GoogleError(new Status(error.code(), error.message(), error.status(), details));
  }

  /** The same error with an {@code ErrorInfo} detail. */
  public GoogleError withReason(String reason, String domain, Map<String, String> metadata) {
    return withDetail(new ErrorDetail.ErrorInfo(reason, domain, metadata));
  }

  /** The same error answered with another HTTP code (the status name stays). */
  public GoogleError withCode(int code) {
    return new GoogleError(new Status(code, error.message(), error.status(), error.details()));
  }

  /** The HTTP status to send. */
  public int httpStatus() {
    return error.code();
  }

  /** The first detail of the given type, if any. */
  public <T extends ErrorDetail> java.util.Optional<T> detail(Class<T> type) {
    return error.details().stream().filter(type::isInstance).map(type::cast).findFirst();
  }
}
