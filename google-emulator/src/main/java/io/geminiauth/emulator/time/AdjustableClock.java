package io.geminiauth.emulator.time;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's clock: the system clock plus an offset that tests move forward through the admin
 * API, so that token expiry and clock skew can be exercised without sleeping.
 */
@Singleton
public class AdjustableClock extends Clock {
  private final Clock base;
  private final AtomicLong offsetMillis = new AtomicLong();

  public AdjustableClock() {
    this(Clock.systemUTC());
  }

  AdjustableClock(Clock base) {
    this.base = base;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the emulator clock is always UTC");
  }

  @Override
  public Instant instant() {
    return base.instant().plusMillis(offsetMillis.get());
  }

  /** Moves the clock by {@code delta} (may be negative); returns the new offset. */
  public Duration advance(Duration delta) {
    return Duration.ofMillis(offsetMillis.addAndGet(delta.toMillis()));
  }

  /** Back to the system time. */
  public void reset() {
    offsetMillis.set(0);
  }

  public Duration offset() {
    return Duration.ofMillis(offsetMillis.get());
  }
}
