package io.geminiauth.gateway.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.geminiauth.testsupport.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  @Test
  void tryRetry_twentyPercentOfRequests_noFloor() {
    MovableClock clock = MovableClock.fixed();
    RetryBudget budget = new RetryBudget(clock, Duration.ofSeconds(10), 0.2, 0);
    assertThat(budget.tryRetry()).isFalse();
    for (int i = 0; i < 10; i++) {
      budget.recordRequest();
    }
    assertThat(budget.tryRetry()).isTrue();
    assertThat(budget.tryRetry()).isTrue();
    assertThat(budget.tryRetry()).as("a third retry for ten requests").isFalse();
  }

  @Test
  void tryRetry_floorPerSecondAllowsAQuietGatewayToRetry() {
    RetryBudget budget = new RetryBudget(MovableClock.fixed(), Duration.ofSeconds(10), 0.2, 1);
    for (int i = 0; i < 10; i++) {
      assertThat(budget.tryRetry()).isTrue();
    }
    assertThat(budget.tryRetry()).isFalse();
  }

  @Test
  void tryRetry_oldRequestsAndRetriesLeaveTheWindow() {
    MovableClock clock = MovableClock.fixed();
    RetryBudget budget = new RetryBudget(clock, Duration.ofSeconds(10), 0.2, 0);
    for (int i = 0; i < 5; i++) {
      budget.recordRequest();
    }
    assertThat(budget.tryRetry()).isTrue();
    assertThat(budget.tryRetry()).isFalse();

    clock.advance(Duration.ofSeconds(9));
    assertThat(budget.tryRetry()).as("still inside the window").isFalse();

    clock.advance(Duration.ofSeconds(1));
    assertThat(budget.tryRetry()).as("the requests have left the window").isFalse();
    for (int i = 0; i < 5; i++) {
      budget.recordRequest();
    }
    assertThat(budget.tryRetry()).as("the old retry has left it too").isTrue();
  }
}
