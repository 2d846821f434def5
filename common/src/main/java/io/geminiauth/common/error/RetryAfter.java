package io.geminiauth.common.error;

import java.time.Duration;

/** The {@code Retry-After} header value for a delay: whole seconds, rounded up, at least 1. */
public final class RetryAfter {
  private RetryAfter() {}

  public static String seconds(Duration delay) {
    long millis = Math.max(0, delay.toMillis());
    return Long.toString(Math.max(1, (millis + 999) / 1000));
  }
}
