package io.geminiauth.gateway.credential;

import java.time.Duration;
import java.util.Optional;

/**
 * No credential can be had for an attempt now: every key of a pool is out of rotation, or the
 * token-service cannot give a token. An outcome, not a bug: no stack trace.
 */
public final class NoCredentialException extends RuntimeException {
  private final transient Optional<Duration> retryAfter;

  public NoCredentialException(String message) {
    this(message, Optional.empty());
  }

  /** {@code retryAfter}: when one may be had again, if known (the token cache's cooldown). */
  public NoCredentialException(String message, Optional<Duration> retryAfter) {
    super(message, null, false, false);
    this.retryAfter = retryAfter;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
