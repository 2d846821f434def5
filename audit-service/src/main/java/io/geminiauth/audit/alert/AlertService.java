package io.geminiauth.audit.alert;

import io.geminiauth.audit.AuditConfig;
import io.geminiauth.audit.store.Database;
import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.fleet.SqlStates;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Feeds stored events to the detector and acts on what it raises: an alert record, a metric, a log
 * line and the webhook, once for the fleet: the replica whose record of the alert is stored first
 * (one per kind, scope and window) sends it; the others find it stored and stay silent.
 */
// Built at start, so that its counters are scraped at 0 before the first alert.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class AlertService {
  private static final Logger LOG = Logger.getLogger(AlertService.class);

  private final FailureSpikeDetector detector;
  private final Database database;
  private final AlertNotifier notifier;
  private final MeterRegistry metrics;
  private final Clock clock;

  public AlertService(
      AuditConfig config,
      Database database,
      AlertNotifier notifier,
      MeterRegistry metrics,
      Clock clock) {
    this.detector =
        new FailureSpikeDetector(
            config.alerts(), new FailureCounts(database::connection, database.isPostgresql()));
    this.database = database;
    this.notifier = notifier;
    this.metrics = metrics;
    this.clock = clock;
    // At 0 from the start: Prometheus's increase() sees the first alert of each kind only if the
    // series existed before it.
    for (String kind :
        List.of(FailureSpikeDetector.THRESHOLD, FailureSpikeDetector.SPIKE, LastKeyRule.KIND)) {
      metrics.counter("audit_alerts_fired_total", "kind", kind);
    }
  }

  /** Observes newly stored events; never fails the ingestion that called it. */
  public void observe(List<AuthEvent> stored) {
    Instant now = clock.instant();
    List<Alert> alerts = new ArrayList<>();
    try {
      alerts.addAll(detector.observe(stored, now));
    } catch (SQLException e) {
      LOG.errorf("Could not count failed auth for alerts: %s", e.getMessage());
    }
    alerts.addAll(LastKeyRule.check(stored, now));
    for (Alert alert : alerts) {
      try {
        if (!saveOnce(alert)) {
          continue; // another replica (or an earlier batch) fired it
        }
      } catch (SQLException e) {
        // Sent anyway: an alert that cannot be recorded must still reach someone.
        LOG.errorf("Could not store alert %s: %s", alert.id(), e.getMessage());
      }
      metrics.counter("audit_alerts_fired_total", "kind", alert.kind()).increment();
      LOG.warnf("ALERT %s [%s]: %s", alert.kind(), alert.scope(), alert.message());
      if (notifier.enabled()) {
        notifier
            .send(alert)
            .exceptionally(
                e -> {
                  metrics.counter("audit_alert_webhook_failures_total").increment();
                  LOG.errorf("Alert webhook failed for good for %s: %s", alert.id(), e.toString());
                  return null;
                });
      }
    }
  }

  /** Alerts newest first. */
  public List<Alert> list(int limit) throws SQLException {
    List<Alert> alerts = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, fired_at, kind, scope, window_start, event_count, baseline, threshold,"
                    + " message FROM audit_alert ORDER BY fired_at DESC, id LIMIT ?")) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          alerts.add(
              new Alert(
                  rs.getObject(1, UUID.class),
                  rs.getObject(2, OffsetDateTime.class).toInstant(),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getObject(5, OffsetDateTime.class).toInstant(),
                  rs.getLong(6),
                  rs.getDouble(7),
                  rs.getDouble(8),
                  rs.getString(9)));
        }
      }
    }
    return alerts;
  }

  /** Stores the alert unless the fleet has it (same kind, scope and window); true if stored. */
  private boolean saveOnce(Alert alert) throws SQLException {
    try (Connection c = database.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO audit_alert (id, fired_at, kind, scope, window_start, event_count,"
                    + " baseline, threshold, message) VALUES (?,?,?,?,?,?,?,?,?)")) {
      ps.setObject(1, alert.id());
      ps.setObject(2, alert.firedAt().atOffset(ZoneOffset.UTC));
      ps.setString(3, alert.kind());
      ps.setString(4, alert.scope());
      ps.setObject(5, alert.windowStart().atOffset(ZoneOffset.UTC));
      ps.setLong(6, alert.count());
      ps.setDouble(7, alert.baseline());
      ps.setDouble(8, alert.threshold());
      ps.setString(9, alert.message());
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (SqlStates.uniqueViolation(e)) {
        return false; // ux_audit_alert_once: already fired
      }
      throw e;
    }
  }
}
