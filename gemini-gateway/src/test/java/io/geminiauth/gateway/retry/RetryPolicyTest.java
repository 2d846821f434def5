package io.geminiauth.gateway.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  final RetryPolicy policy =
      new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(10));

  @Test
  void wait_fullJitter_ceilingDoublesUpToTheMaximum() {
    assertThat(policy.wait(1, Optional.empty(), 0.999)).contains(Duration.ofMillis(499));
    assertThat(policy.wait(2, Optional.empty(), 0.5)).contains(Duration.ofMillis(500));
    assertThat(policy.wait(3, Optional.empty(), 0.5)).contains(Duration.ofMillis(1000));
    assertThat(policy.wait(10, Optional.empty(), 0.5)).contains(Duration.ofMillis(4000));
    assertThat(policy.wait(60, Optional.empty(), 0.999)).contains(Duration.ofMillis(7992));
    assertThat(policy.wait(1, Optional.empty(), 0.0)).contains(Duration.ZERO);
  }

  @Test
  void wait_serverDelayLongerThanBackoff_serverDelayWins() {
    assertThat(policy.wait(1, Optional.of(Duration.ofSeconds(3)), 0.5))
        .contains(Duration.ofSeconds(3));
  }

  @Test
  void wait_serverDelayShorterThanBackoff_backoffWins() {
    assertThat(policy.wait(5, Optional.of(Duration.ofMillis(10)), 0.5))
        .contains(Duration.ofMillis(4000));
  }

  @Test
  void wait_serverDelayBeyondWhatTheGatewayWaits_noRetry() {
    assertThat(policy.wait(1, Optional.of(Duration.ofSeconds(11)), 0.5)).isEmpty();
    assertThat(policy.wait(1, Optional.of(Duration.ofSeconds(10)), 0.5))
        .contains(Duration.ofSeconds(10));
  }

  @Test
  void retryable_theSdkSet_notPermanentErrors() {
    for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
      assertThat(RetryPolicy.retryable(status)).as("%d", status).isTrue();
    }
    for (int status : new int[] {400, 401, 403, 404, 409, 413, 501}) {
      assertThat(RetryPolicy.retryable(status)).as("%d", status).isFalse();
    }
  }
}
