package io.geminiauth.token.cache;

import java.time.Duration;

/**
 * The cache's margins, checked together: a token is fresh until {@code refreshAhead} before expiry,
 * stale (served, refreshed in the background) until {@code minRemaining}, then expired (never
 * served). After a failed mint the next attempt waits {@code cooldown}, doubling per failure up to
 * {@code cooldownMax}.
 */
public record CacheSettings(
    Duration minRemaining,
    Duration refreshAhead,
    int maxEntries,
    Duration cooldown,
    Duration cooldownMax) {

  /** Client libraries refresh 3m45s before expiry: a broker must hand out more than that. */
  static final Duration CLIENT_REFRESH_MARGIN = Duration.ofSeconds(225);

  public CacheSettings {
    if (minRemaining.compareTo(CLIENT_REFRESH_MARGIN) <= 0) {
      throw new IllegalArgumentException(
          "token.cache.min-remaining must exceed 3m45s, the margin at which Google's client"
              + " libraries refresh (it is "
              + minRemaining
              + ")");
    }
    if (refreshAhead.compareTo(minRemaining) <= 0) {
      throw new IllegalArgumentException(
          "token.cache.refresh-ahead ("
              + refreshAhead
              + ") must be longer than token.cache.min-remaining ("
              + minRemaining
              + ")");
    }
    if (refreshAhead.compareTo(Duration.ofMinutes(55)) > 0) {
      throw new IllegalArgumentException(
          "token.cache.refresh-ahead must be at most 55m: Google's tokens live an hour");
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("token.cache.max-entries must be at least 1");
    }
    if (cooldown.isNegative() || cooldown.isZero() || cooldownMax.compareTo(cooldown) < 0) {
      throw new IllegalArgumentException(
          "token.upstream.cooldown must be positive and at most token.upstream.cooldown-max");
    }
  }
}
