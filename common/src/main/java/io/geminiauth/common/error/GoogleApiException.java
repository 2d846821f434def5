package io.geminiauth.common.error;

import java.time.Duration;
import java.util.Optional;

/**
 * Thrown anywhere in a service to answer with a Google error body; {@link GoogleErrorMappers} turns
 * it into the response. The message must be safe to show a client: never a secret.
 */
public class GoogleApiException extends RuntimeException {
  private final GoogleError error;
  private final Duration retryAfter;

  public GoogleApiException(GoogleError error) {
    this(error, null);
  }

  /** An error that also sends {@code Retry-After} (whole seconds, rounded up). */
  public GoogleApiException(GoogleError error, Duration retryAfter) {
    super(error.error().status() + ": " + error.error().message(), null, false, false);
    this.error = error;
    this.retryAfter = retryAfter;
  }

  public GoogleError error() {
    return error;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
