package io.geminiauth.testsupport;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * In a service's Quarkus tests its one clock is the system clock plus an offset that tests move
 * (and reset), so that they can cross a token's expiry or a cooldown at once. A service opts in by
 * indexing this module in its test profile ({@code %test.quarkus.index-dependency.test-support.*});
 * the others keep their own clock.
 */
public class MovableClockProducer {
  public static final MovableClock CLOCK = MovableClock.system();

  @Produces
  @Singleton
  @Alternative
  @Priority(1)
  Clock clock() {
    return CLOCK;
  }
}
