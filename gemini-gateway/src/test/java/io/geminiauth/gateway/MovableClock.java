package io.geminiauth.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, from a fixed instant. */
public final class MovableClock extends Clock {
  private Instant now;

  public MovableClock(Instant start) {
    this.now = start;
  }

  public MovableClock() {
    this(Instant.parse("2026-12-01T00:00:00Z"));
  }

  public void advance(Duration by) {
    now = now.plus(by);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
