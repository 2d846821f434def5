package io.geminiauth.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand, so that they cross expiry and window boundaries at once instead of
 * waiting: a base (a fixed instant, or the system clock for tests that also talk to processes) plus
 * an offset. Safe to move from one thread while others read it.
 */
public final class MovableClock extends Clock {
  private final Clock base;
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
  private final AtomicReference<Instant> stoppedAt = new AtomicReference<>();

  private MovableClock(Clock base) {
    this.base = base;
  }

  /** Starts at {@code start} and stands still until moved. */
  public static MovableClock at(Instant start) {
    return new MovableClock(Clock.fixed(start, ZoneOffset.UTC));
  }

  /** Starts at 2026-12-01T00:00:00Z and stands still until moved. */
  public static MovableClock fixed() {
    return at(Instant.parse("2026-12-01T00:00:00Z"));
  }

  /** The system clock, plus what the test moves it by. */
  public static MovableClock system() {
    return new MovableClock(Clock.systemUTC());
  }

  public void advance(Duration by) {
    offset.accumulateAndGet(by, Duration::plus);
  }

  /**
   * Stops a system-based clock where it is, so that only the test moves it: a test whose assertions
   * count what happens per moved step must not see real time pass a cooldown on a slow machine.
   * {@link #reset()} lets it run again.
   */
  public void stop() {
    stoppedAt.compareAndSet(null, base.instant());
  }

  /** Back to the base, running. */
  public void reset() {
    offset.set(Duration.ZERO);
    stoppedAt.set(null);
  }

  /** How far it has been moved. */
  public Duration offset() {
    return offset.get();
  }

  @Override
  public Instant instant() {
    Instant stopped = stoppedAt.get();
    return (stopped != null ? stopped : base.instant()).plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the tests' clock is UTC");
  }
}
