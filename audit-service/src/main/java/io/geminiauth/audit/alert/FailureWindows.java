package io.geminiauth.audit.alert;

/**
 * Counts of failed auth per window for one key: the current window and a ring of the trailing ones
 * that make the baseline. Not thread-safe; the detector guards it.
 */
final class FailureWindows {
  private final long[] ring;
  private long currentWindow = Long.MIN_VALUE;

  FailureWindows(int baselineWindows) {
    this.ring = new long[baselineWindows + 1];
  }

  /** Counts one event in window {@code window}; returns the window's count so far. */
  long add(long window) {
    roll(window);
    return ++ring[slot(window)];
  }

  /** The average count of the trailing (completed) windows. */
  double baseline() {
    long sum = 0;
    for (int back = 1; back < ring.length; back++) {
      sum += ring[slot(currentWindow - back)];
    }
    return (double) sum / (ring.length - 1);
  }

  private void roll(long window) {
    if (currentWindow == Long.MIN_VALUE || window - currentWindow >= ring.length) {
      java.util.Arrays.fill(ring, 0);
    } else {
      for (long w = currentWindow + 1; w <= window; w++) {
        ring[slot(w)] = 0;
      }
    }
    if (window > currentWindow) {
      currentWindow = window;
    }
  }

  private int slot(long window) {
    return (int) Math.floorMod(window, (long) ring.length);
  }
}
