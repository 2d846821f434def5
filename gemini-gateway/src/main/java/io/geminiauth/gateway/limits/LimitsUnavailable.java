package io.geminiauth.gateway.limits;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import java.time.Duration;

/**
 * The shared limits cannot be counted (Redis does not answer) and {@code
 * gateway.limits.redis-down=closed}: the request is refused with 503 and Retry-After.
 */
public final class LimitsUnavailable extends GoogleApiException {
  private static final Duration RETRY = Duration.ofSeconds(2);

  public LimitsUnavailable() {
    super(
        GoogleError.unavailable(
            "The gateway cannot count this client's limits right now; retry later.", RETRY),
        RETRY);
  }
}
