package io.geminiauth.gateway.retry;

import jakarta.inject.Singleton;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The random factor of "full jitter" backoff, in [0, 1): a bean, so the one source of randomness in
 * retry timing can be replaced where a test needs it fixed.
 */
@Singleton
public class Jitter implements DoubleSupplier {
  @Override
  public double getAsDouble() {
    return ThreadLocalRandom.current().nextDouble();
  }
}
