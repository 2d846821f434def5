package io.geminiauth.token;

import io.geminiauth.testsupport.MovableClock;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** In tests the service's one clock is a {@link MovableClock}. */
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
