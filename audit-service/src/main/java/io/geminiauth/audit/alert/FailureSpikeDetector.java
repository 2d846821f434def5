package io.geminiauth.audit.alert;

import io.geminiauth.audit.AuditConfig;
import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Watches the live stream of failed and denied auth events, overall and per principal, and raises
 * an alert when a window reaches its threshold or stands far above the trailing baseline. Each
 * (kind, scope, window) fires once. Plain Java: the caller passes the time.
 */
public final class FailureSpikeDetector {
  private static final String ALL = "*";

  private final AuditConfig.Alerts config;
  private final long windowMillis;
  private final FailureWindows overall;
  private final Map<String, FailureWindows> principals;
  private final Set<String> fired = new HashSet<>();
  private long firedWindow = Long.MIN_VALUE;

  public FailureSpikeDetector(AuditConfig.Alerts config) {
    this.config = config;
    this.windowMillis = config.window().toMillis();
    this.overall = new FailureWindows(config.baselineWindows());
    int max = config.maxPrincipals();
    this.principals =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, FailureWindows> eldest) {
            return size() > max;
          }
        };
  }

  /** Counts the failed and denied events among {@code events}, received at {@code now}. */
  public synchronized List<Alert> observe(List<AuthEvent> events, Instant now) {
    long window = Math.floorDiv(now.toEpochMilli(), windowMillis);
    if (window != firedWindow) {
      fired.clear();
      firedWindow = window;
    }
    List<Alert> alerts = new ArrayList<>();
    for (AuthEvent event : events) {
      if (event.outcome() == Outcome.SUCCESS) {
        continue;
      }
      check(alerts, ALL, overall, window, config.threshold(), now);
      if (event.principal() != null) {
        FailureWindows windows =
            principals.computeIfAbsent(
                event.principal(), p -> new FailureWindows(config.baselineWindows()));
        check(alerts, event.principal(), windows, window, config.principalThreshold(), now);
      }
    }
    return alerts;
  }

  private void check(
      List<Alert> alerts,
      String scope,
      FailureWindows windows,
      long window,
      long threshold,
      Instant now) {
    long count = windows.add(window);
    double baseline = windows.baseline();
    Instant start = Instant.ofEpochMilli(window * windowMillis);
    String who = ALL.equals(scope) ? "all principals" : "principal " + scope;
    if (count >= threshold && fired.add("THRESHOLD|" + scope)) {
      alerts.add(
          new Alert(
              UUID.randomUUID(),
              now,
              "THRESHOLD",
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
    if (count >= config.spikeMinimum() && count >= spikeAt && fired.add("SPIKE|" + scope)) {
      alerts.add(
          new Alert(
              UUID.randomUUID(),
              now,
              "SPIKE",
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
