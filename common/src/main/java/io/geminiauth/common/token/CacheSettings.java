package io.geminiauth.common.token;

import java.time.Duration;

/**
 * A {@link TokenCache}'s margins, checked together: a token is fresh until {@code refreshAhead}
 * before expiry, stale (served, refreshed in the background) until {@code minRemaining}, then
 * expired (never served). After a failed mint the next attempt waits {@code cooldown}, doubling per
 * failure up to {@code cooldownMax}.
 *
 * @param floor the least {@code minRemaining} allowed: more than 3m45s for a cache that hands
 *     tokens to Google's client libraries, zero for one whose owner only uses them itself
 * @param name the settings' prefix, so that a refusal names the property to fix
 */
public record CacheSettings(
    Duration minRemaining,
    Duration refreshAhead,
    int maxEntries,
    Duration cooldown,
    Duration cooldownMax,
    Duration floor,
    String name) {

  /** Client libraries refresh 3m45s before expiry: a broker must hand out more than that. */
  static final Duration CLIENT_REFRESH_MARGIN = Duration.ofSeconds(225);

  public CacheSettings {
    if (minRemaining.compareTo(floor) <= 0 || minRemaining.isNegative()) {
      throw new IllegalArgumentException(
          name
              + ".min-remaining must exceed "
              + (floor.equals(CLIENT_REFRESH_MARGIN)
                  ? "3m45s, the margin at which Google's client libraries refresh"
                  : floor)
              + " (it is "
              + minRemaining
              + ")");
    }
    if (refreshAhead.compareTo(minRemaining) <= 0) {
      throw new IllegalArgumentException(
          name
              + ".refresh-ahead ("
              + refreshAhead
              + ") must be longer than "
              + name
              + ".min-remaining ("
              + minRemaining
              + ")");
    }
    if (refreshAhead.compareTo(Duration.ofMinutes(55)) > 0) {
      throw new IllegalArgumentException(
          name + ".refresh-ahead must be at most 55m: Google's tokens live an hour");
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException(name + ".max-entries must be at least 1");
    }
    if (cooldown.isNegative() || cooldown.isZero() || cooldownMax.compareTo(cooldown) < 0) {
      throw new IllegalArgumentException(
          name + ": the cooldown must be positive and at most the longest cooldown");
    }
  }

  /** For a cache whose tokens go to Google's client libraries: more than 3m45s left, always. */
  public static CacheSettings forClients(
      String name,
      Duration minRemaining,
      Duration refreshAhead,
      int maxEntries,
      Duration cooldown,
      Duration cooldownMax) {
    return new CacheSettings(
        minRemaining, refreshAhead, maxEntries, cooldown, cooldownMax, CLIENT_REFRESH_MARGIN, name);
  }

  /** For a cache whose owner uses the tokens itself (the gateway's upstream calls). */
  public static CacheSettings forOwnUse(
      String name,
      Duration minRemaining,
      Duration refreshAhead,
      int maxEntries,
      Duration cooldown,
      Duration cooldownMax) {
    return new CacheSettings(
        minRemaining, refreshAhead, maxEntries, cooldown, cooldownMax, Duration.ZERO, name);
  }
}
