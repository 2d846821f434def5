package io.geminiauth.gateway.upstream;

import io.geminiauth.common.error.Causes;
import io.geminiauth.gateway.credential.NoCredentialException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Optional;

/**
 * One upstream attempt that did not give an answer worth relaying yet: a status worth retrying
 * elsewhere or later (408, 429, 5xx), a timeout, a connection failure, or a Google API key that
 * Google refused. The first three count against the upstream's circuit breaker; a refused key says
 * nothing about the upstream's health. No stack trace: it is an outcome, not a bug.
 */
public final class UpstreamFailure extends RuntimeException {
  /** What went wrong. */
  public enum Kind {
    STATUS,
    TIMEOUT,
    CONNECTION,
    CREDENTIAL_REFUSED,
    CREDENTIAL_UNAVAILABLE
  }

  private final Kind kind;
  private final int status;
  private final transient MultiMap headers;
  private final transient Buffer body;
  private final transient Optional<Duration> serverDelay;

  private UpstreamFailure(
      Kind kind, int status, MultiMap headers, Buffer body, Optional<Duration> serverDelay) {
    super(kind + (status > 0 ? " " + status : ""), null, false, false);
    this.kind = kind;
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.serverDelay = serverDelay;
  }

  /** A retryable status with the upstream's answer kept, to relay if nothing better comes. */
  public static UpstreamFailure status(
      int status, MultiMap headers, Buffer body, Optional<Duration> serverDelay) {
    return new UpstreamFailure(Kind.STATUS, status, headers, body, serverDelay);
  }

  /** Google refused the credential this attempt carried (a key for good, a token as stale). */
  public static UpstreamFailure credentialRefused(int status, MultiMap headers, Buffer body) {
    return new UpstreamFailure(Kind.CREDENTIAL_REFUSED, status, headers, body, Optional.empty());
  }

  /**
   * No credential could be had for the attempt (no key left, token-service unavailable); {@code
   * retryAfter}, when known, is when one may be had again.
   */
  public static UpstreamFailure credentialUnavailable(Optional<Duration> retryAfter) {
    return new UpstreamFailure(Kind.CREDENTIAL_UNAVAILABLE, 0, null, null, retryAfter);
  }

  /**
   * No credential could be had, for {@code why}: its retry-after if it is a {@link
   * NoCredentialException}.
   */
  public static UpstreamFailure credentialUnavailable(Throwable why) {
    NoCredentialException none = Causes.find(why, NoCredentialException.class);
    return credentialUnavailable(none == null ? Optional.empty() : none.retryAfter());
  }

  public static UpstreamFailure timeout() {
    return new UpstreamFailure(Kind.TIMEOUT, 0, null, null, Optional.empty());
  }

  public static UpstreamFailure connection() {
    return new UpstreamFailure(Kind.CONNECTION, 0, null, null, Optional.empty());
  }

  /** Whether the failure says the upstream is in trouble (what its breaker counts). */
  public boolean countsAgainstUpstream() {
    return kind == Kind.STATUS || kind == Kind.TIMEOUT || kind == Kind.CONNECTION;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 for timeouts and connection failures. */
  public int status() {
    return status;
  }

  public MultiMap headers() {
    return headers;
  }

  public Buffer body() {
    return body;
  }

  /** How long the upstream asked to wait (RetryInfo or Retry-After), if it said. */
  public Optional<Duration> serverDelay() {
    return serverDelay;
  }

  /** A short name for metrics: the status, or {@code timeout} / {@code connection}. */
  public String label() {
    return switch (kind) {
      case STATUS, CREDENTIAL_REFUSED -> Integer.toString(status);
      case TIMEOUT -> "timeout";
      case CONNECTION -> "connection";
      case CREDENTIAL_UNAVAILABLE -> "no-credential";
    };
  }
}
