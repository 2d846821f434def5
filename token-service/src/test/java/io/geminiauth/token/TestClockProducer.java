package io.geminiauth.token;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** In tests the service's one clock is a {@link MovableClock}. */
public class TestClockProducer {
  public static final MovableClock CLOCK = new MovableClock();

  @Produces
  @Singleton
  @Alternative
  @Priority(1)
  Clock clock() {
    return CLOCK;
  }
}
