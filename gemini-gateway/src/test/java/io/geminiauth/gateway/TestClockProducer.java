package io.geminiauth.gateway;

import io.geminiauth.testsupport.MovableClock;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * In the gateway's Quarkus tests its one clock is the system clock plus an offset that tests move
 * (and reset), so that they can cross a token's expiry or a cooldown at once.
 */
public class TestClockProducer {
  public static final MovableClock CLOCK = MovableClock.system();

  @Produces
  @Singleton
  @Alternative
  @Priority(1)
  Clock clock() {
    return CLOCK;
  }
}
