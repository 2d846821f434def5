package io.geminiauth.audit.alert;

import io.geminiauth.audit.AuditConfig;
import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.Outcome;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Watches the stream of failed and denied auth events, overall and per principal, and raises an
 * alert when a window reaches its threshold or stands far above the trailing baseline. Counts and
 * baselines are the fleet's ({@link FailureCounts}: every replica adds what it ingests), so a spike
 * spread over replicas is seen as one. An alert is a candidate here; it fires once for the fleet
 * when its record is first stored ({@link AlertService}). The caller passes the time.
 */
public final class FailureSpikeDetector {
  private static final String ALL = "*";
  static final String THRESHOLD = "THRESHOLD";
  static final String SPIKE = "SPIKE";

  private final AuditConfig.Alerts config;
  private final long windowMillis;
  private final FailureCounts counts;
  // Candidates this replica already raised in the current window: not offered again.
  private final Set<String> raised = new HashSet<>();
  private long raisedWindow = Long.MIN_VALUE;

  public FailureSpikeDetector(AuditConfig.Alerts config, FailureCounts counts) {
    this.config = config;
    this.windowMillis = config.window().toMillis();
    this.counts = counts;
  }

  /** Counts the failed and denied events among {@code events}, received at {@code now}. */
  public synchronized List<Alert> observe(List<AuthEvent> events, Instant now) throws SQLException {
    long window = Math.floorDiv(now.toEpochMilli(), windowMillis);
    if (window != raisedWindow) {
      raised.clear();
      raisedWindow = window;
      counts.prune(window - config.baselineWindows());
    }
    Map<String, Long> deltas = new HashMap<>();
    for (AuthEvent event : events) {
      if (event.outcome() == Outcome.SUCCESS) {
        continue;
      }
      deltas.merge(ALL, 1L, Long::sum);
      if (event.principal() != null) {
        deltas.merge(event.principal(), 1L, Long::sum);
      }
    }
    if (deltas.isEmpty()) {
      return List.of();
    }
    Map<String, Long> fleet = counts.add(window, deltas);
    Map<String, Double> baselines =
        counts.baselines(window, deltas.keySet(), config.baselineWindows());
    List<Alert> alerts = new ArrayList<>();
    for (String scope : deltas.keySet().stream().sorted().toList()) {
      check(
          alerts,
          scope,
          fleet.getOrDefault(scope, 0L),
          baselines.getOrDefault(scope, 0.0),
          window,
          ALL.equals(scope) ? config.threshold() : config.principalThreshold(),
          now);
    }
    return alerts;
  }

  private void check(
      List<Alert> alerts,
      String scope,
      long count,
      double baseline,
      long window,
      long threshold,
      Instant now) {
    Instant start = Instant.ofEpochMilli(window * windowMillis);
    String who = ALL.equals(scope) ? "all principals" : "principal " + scope;
    if (count >= threshold && raised.add(THRESHOLD + "|" + scope)) {
      alerts.add(
          new Alert(
              UUID.randomUUID(),
              now,
              THRESHOLD,
              scope,
              start,
              count,
              baseline,
              threshold,
              count
                  + " failed or denied auth events for "
                  + who
                  + " in the window from "
                  + start
                  + " (threshold "
                  + threshold
                  + ")"));
    }
    double spikeAt = config.spikeFactor() * Math.max(baseline, 1.0);
    if (count >= config.spikeMinimum() && count >= spikeAt && raised.add(SPIKE + "|" + scope)) {
      alerts.add(
          new Alert(
              UUID.randomUUID(),
              now,
              SPIKE,
              scope,
              start,
              count,
              baseline,
              spikeAt,
              count
                  + " failed or denied auth events for "
                  + who
                  + " in the window from "
                  + start
                  + ", "
                  + config.spikeFactor()
                  + "x above the trailing average of "
                  + String.format(java.util.Locale.ROOT, "%.1f", baseline)));
    }
  }
}
