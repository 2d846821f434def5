package io.geminiauth.common.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An access token and when it expires. Its {@code toString()} never prints the token (unlike
 * google-auth-library's).
 */
public record AccessToken(String value, Instant expiresAt) {

  public AccessToken {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public Duration remaining(Instant now) {
    return Duration.between(now, expiresAt);
  }

  @Override
  public String toString() {
    return "AccessToken[value=[REDACTED], expiresAt=" + expiresAt + "]";
  }
}
