package io.geminiauth.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.geminiauth.audit.alert.Alert;
import io.geminiauth.audit.alert.FailureCounts;
import io.geminiauth.audit.alert.FailureSpikeDetector;
import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.Outcome;
import io.geminiauth.common.fleet.Connections;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The detector, driven window by window with a fixed clock, counting in the service's own store (an
 * H2 database migrated by its Flyway scripts, fresh for each test).
 */
class FailureSpikeDetectorTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  private final FailureSpikeDetector detector =
      new FailureSpikeDetector(new Settings(), new FailureCounts(migratedH2(), false));

  private static Connections migratedH2() {
    String url =
        "jdbc:h2:mem:failures"
            + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    Flyway.configure().dataSource(url, "sa", null).load().migrate();
    return () -> DriverManager.getConnection(url, "sa", null);
  }

  private static List<AuthEvent> events(String principal, Outcome outcome, int n) {
    List<AuthEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(
          AuthEvent.now(T0)
              .type(AuthEventType.ACCESS_DENIED)
              .source("gemini-gateway", null)
              .principal(principal)
              .outcome(outcome)
              .build());
    }
    return events;
  }

  private List<Alert> at(int minute, List<AuthEvent> events) {
    try {
      return detector.observe(events, T0.plus(Duration.ofMinutes(minute)).plusSeconds(30));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void steadyTrickle_raisesNothing() {
    for (int minute = 0; minute < 30; minute++) {
      assertThat(at(minute, events("alice", Outcome.FAILURE, 2))).isEmpty();
      assertThat(at(minute, events("alice", Outcome.SUCCESS, 50))).isEmpty();
    }
  }

  @Test
  void fiveTimesTheTrailingRate_isASpike_raisedOncePerWindow() {
    for (int minute = 0; minute < 15; minute++) {
      at(minute, events("bob", Outcome.DENIED, 2));
    }

    List<Alert> alerts = at(15, events("bob", Outcome.DENIED, 12));
    assertThat(alerts)
        .extracting(Alert::kind, Alert::scope)
        .contains(org.assertj.core.groups.Tuple.tuple("SPIKE", "bob"));
    Alert spike =
        alerts.stream()
            .filter(a -> a.scope().equals("bob") && a.kind().equals("SPIKE"))
            .findFirst()
            .orElseThrow();
    // The window's count when the batch that crossed the line was counted.
    assertThat(spike.count()).isEqualTo(12);
    assertThat(spike.baseline()).isEqualTo(2.0);
    assertThat(spike.windowStart()).isEqualTo(T0.plus(Duration.ofMinutes(15)));

    assertThat(at(15, events("bob", Outcome.DENIED, 20)))
        .filteredOn(a -> a.kind().equals("SPIKE"))
        .isEmpty();
  }

  @Test
  void principalThreshold_andOverallThreshold() {
    List<Alert> alerts = at(0, events("carol", Outcome.FAILURE, 6));
    assertThat(alerts)
        .extracting(Alert::kind, Alert::scope)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("THRESHOLD", "carol"));
    assertThat(alerts.get(0).count()).isEqualTo(6);

    List<Alert> overall = new ArrayList<>();
    for (int p = 0; p < 10; p++) {
      overall.addAll(at(0, events("p" + p, Outcome.FAILURE, 3)));
    }
    assertThat(overall).extracting(Alert::scope).contains("*");
  }

  @Test
  void newWindow_startsCountingAgain() {
    at(0, events("dave", Outcome.FAILURE, 6));
    assertThat(at(1, events("dave", Outcome.FAILURE, 5))).isEmpty();
    assertThat(at(1, events("dave", Outcome.FAILURE, 1)))
        .extracting(Alert::kind)
        .contains("THRESHOLD");
  }

  /** Test settings: 1-minute windows, thresholds 30 overall and 6 per principal. */
  private static final class Settings implements AuditConfig.Alerts {
    public Duration window() {
      return Duration.ofMinutes(1);
    }

    public long threshold() {
      return 30;
    }

    public long principalThreshold() {
      return 6;
    }

    public int baselineWindows() {
      return 15;
    }

    public double spikeFactor() {
      return 5;
    }

    public long spikeMinimum() {
      return 10;
    }

    public int maxPrincipals() {
      return 100;
    }

    public Optional<String> webhookUrl() {
      return Optional.empty();
    }
  }
}
