package io.geminiauth.common.token;

import java.time.Duration;

/**
 * No token with enough time left can be had now: the last mint failed and the next attempt is not
 * due before {@link #retryAfter()}.
 */
public class TokenUnavailableException extends RuntimeException {
  private final Duration retryAfter;

  public TokenUnavailableException(Throwable lastFailure, Duration retryAfter) {
    super(lastFailure == null ? "no token" : lastFailure.getMessage(), lastFailure);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
