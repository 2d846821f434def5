package io.geminiauth.common.error;

import java.math.BigDecimal;
import java.time.Duration;

/** Reads and writes {@code google.protobuf.Duration} in its JSON form ({@code "1.5s"}). */
public final class ProtoDurations {
  private ProtoDurations() {}

  /** {@code "30s"}, {@code "0.250s"}: whole seconds without a fraction, otherwise milliseconds. */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a retry delay cannot be negative");
    }
    long millis = duration.toMillis();
    if (millis % 1000 == 0) {
      return (millis / 1000) + "s";
    }
    return BigDecimal.valueOf(millis, 3).toPlainString() + "s";
  }

  /** Parses {@code "30s"} or {@code "1.5s"}; throws IllegalArgumentException on anything else. */
  public static Duration parse(String text) {
    if (text == null || !text.endsWith("s") || text.length() < 2) {
      throw new IllegalArgumentException("not a protobuf duration: " + text);
    }
    try {
      BigDecimal seconds = new BigDecimal(text.substring(0, text.length() - 1));
      if (seconds.signum() < 0) {
        throw new IllegalArgumentException("negative duration: " + text);
      }
      return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("not a protobuf duration: " + text, e);
    }
  }
}
