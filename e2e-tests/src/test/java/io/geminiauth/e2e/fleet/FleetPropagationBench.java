package io.geminiauth.e2e.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the benchmark behind the README's propagation figure, run by {@code
 * bench/fleet-propagation.sh} (it sets {@code bench.propagation} to the number of rounds). Each
 * round disables a credential on replica 1 and measures, from the admin call's start, until replica
 * 2 refuses its tokens (polled back to back); then enables it again and waits until replica 2
 * serves. Prints p50, p99 and the maximum.
 */
@EnabledIfSystemProperty(named = "bench.propagation", matches = "[0-9]+")
class FleetPropagationBench {
  @Test
  void disableOnReplicaOne_untilReplicaTwoRefuses() throws Exception {
    int rounds = Integer.parseInt(System.getProperty("bench.propagation"));
    try (TokenFleet fleet = new TokenFleet("bench-propagation")) {
      String account = TokenFleet.account("bench-propagation");
      assertThat(fleet.token(2, "bench-propagation", TokenFleet.SCOPE).statusCode()).isEqualTo(200);
      List<Long> micros = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        long started = System.nanoTime();
        assertThat(fleet.admin(1, "POST", account + ":disable", "").statusCode()).isEqualTo(200);
        while (fleet.token(2, "bench-propagation", TokenFleet.SCOPE).statusCode() != 403) {
          if (System.nanoTime() - started > 10_000_000_000L) {
            throw new AssertionError("replica 2 still serves 10 s after the disable");
          }
        }
        micros.add((System.nanoTime() - started) / 1_000);
        assertThat(fleet.admin(1, "POST", account + ":enable", "").statusCode()).isEqualTo(200);
        while (fleet.token(2, "bench-propagation", TokenFleet.SCOPE).statusCode() != 200) {
          Thread.onSpinWait();
        }
      }
      micros.sort(null);
      System.out.printf(
          "propagation of a disable, replica 1 to replica 2, %d rounds: p50 %.1f ms, p99 %.1f ms,"
              + " max %.1f ms%n",
          rounds,
          micros.get(micros.size() / 2) / 1000.0,
          micros.get(Math.min(micros.size() - 1, (int) Math.ceil(micros.size() * 0.99) - 1))
              / 1000.0,
          micros.get(micros.size() - 1) / 1000.0);
    }
  }
}
