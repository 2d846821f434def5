package io.geminiauth.audit.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.geminiauth.audit.AuditConfig;
import io.geminiauth.audit.chain.ChainWriter;
import io.geminiauth.common.error.FieldViolation;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleStatus;
import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventJson;
import io.geminiauth.common.event.InvalidAuthEventException;
import io.geminiauth.common.event.SecretFields;
import io.geminiauth.common.fleet.SqlStates;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Validates a batch item by item, applies the secret policy, and hands the valid events to the
 * chain writer in one transaction. A bad item never blocks the good ones.
 */
@ApplicationScoped
public class IngestService {
  private static final Logger LOG = Logger.getLogger(IngestService.class);
  private final ChainWriter writer;
  private final AuditConfig config;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final io.geminiauth.audit.alert.AlertService alerts;

  public IngestService(
      ChainWriter writer,
      AuditConfig config,
      Clock clock,
      MeterRegistry metrics,
      io.geminiauth.audit.alert.AlertService alerts) {
    this.writer = writer;
    this.alerts = alerts;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Ingests parsed JSON items (objects, or anything else, which is rejected). */
  public IngestReport ingest(List<JsonNode> items) {
    if (items.isEmpty()) {
      throw new GoogleApiException(GoogleError.invalidArgument("The request holds no event."));
    }
    int max = config.ingest().maxBatchSize();
    if (items.size() > max) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "A request may hold at most "
                  + max
                  + " events; this one holds "
                  + items.size()
                  + "."));
    }
    ItemResult[] results = new ItemResult[items.size()];
    List<AuthEvent> accepted = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    Instant latest = clock.instant().plus(config.ingest().maxFutureSkew());
    for (int i = 0; i < items.size(); i++) {
      try {
        if (items.get(i).isMissingNode()) {
          throw new InvalidAuthEventException(
              List.of(new FieldViolation("(event)", "is not valid JSON")));
        }
        if (!items.get(i).isObject()) {
          // null, a number, a string, an array inside the array: not an event.
          throw new InvalidAuthEventException(
              List.of(new FieldViolation("(event)", "is not a JSON object")));
        }
        AuthEvent event = check(AuthEventJson.read(items.get(i)), latest);
        accepted.add(event);
        positions.add(i);
      } catch (GoogleApiException e) {
        results[i] =
            new ItemResult(i, idOf(items.get(i)), ItemResult.Status.REJECTED, e.error().error());
      }
    }
    if (!accepted.isEmpty()) {
      List<ChainWriter.Outcome> outcomes = append(accepted);
      List<AuthEvent> stored = new ArrayList<>();
      for (int k = 0; k < accepted.size(); k++) {
        if (outcomes.get(k) == ChainWriter.Outcome.STORED) {
          stored.add(accepted.get(k));
        }
      }
      alerts.observe(stored);
      for (int k = 0; k < accepted.size(); k++) {
        int i = positions.get(k);
        AuthEvent event = accepted.get(k);
        results[i] =
            switch (outcomes.get(k)) {
              case STORED -> new ItemResult(i, event.id(), ItemResult.Status.STORED, null);
              case DUPLICATE -> new ItemResult(i, event.id(), ItemResult.Status.DUPLICATE, null);
              case CONFLICT ->
                  new ItemResult(
                      i,
                      event.id(),
                      ItemResult.Status.REJECTED,
                      GoogleError.of(
                              GoogleStatus.ALREADY_EXISTS,
                              "An event with id "
                                  + event.id()
                                  + " is already stored with different content; ids must be"
                                  + " unique per event.")
                          .error());
            };
      }
    }
    IngestReport report = IngestReport.of(List.of(results));
    metrics.counter("audit_events_ingested_total", "result", "stored").increment(report.stored());
    metrics
        .counter("audit_events_ingested_total", "result", "duplicate")
        .increment(report.duplicates());
    metrics
        .counter("audit_events_ingested_total", "result", "rejected")
        .increment(report.rejected());
    return report;
  }

  private AuthEvent check(AuthEvent event, Instant latest) {
    if (event.time().isAfter(latest)) {
      throw new InvalidAuthEventException(
          List.of(
              new FieldViolation(
                  "time",
                  "lies more than "
                      + config.ingest().maxFutureSkew().toMinutes()
                      + " minutes in the future; check the producer's clock")));
    }
    List<FieldViolation> secrets = SecretFields.scan(event);
    if (secrets.isEmpty()) {
      return event;
    }
    metrics
        .counter("audit_secrets_detected_total", "policy", config.ingest().secretPolicy().name())
        .increment(secrets.size());
    if (config.ingest().secretPolicy() == AuditConfig.SecretPolicy.MASK) {
      return SecretFields.mask(event);
    }
    throw new InvalidAuthEventException(secrets);
  }

  /** Appends, retrying once when another replica stored one of the ids at the same moment. */
  /**
   * Stores an event of the audit-service's own (a legal hold set or released) in the chain, as an
   * ingested one would be: watched for alerts, 503 when the store is away.
   */
  public void recordOwn(AuthEvent event) {
    List<AuthEvent> events = List.of(event);
    append(events);
    alerts.observe(events);
  }

  private List<ChainWriter.Outcome> append(List<AuthEvent> events) {
    try {
      try {
        return writer.append(events);
      } catch (SQLException e) {
        if (!SqlStates.uniqueViolation(e)) {
          throw e;
        }
        return writer.append(events);
      }
    } catch (SQLException e) {
      // The database is away (a restart, a failover): a passing failure, which producers retry.
      LOG.warnf(
          "the audit store could not take %d events (SQL state %s)",
          events.size(), e.getSQLState());
      throw new GoogleApiException(
          GoogleError.unavailable(
              "The audit store cannot take events now; send them again.",
              java.time.Duration.ofSeconds(2)));
    }
  }

  private static java.util.UUID idOf(JsonNode item) {
    try {
      return item.hasNonNull("id") ? java.util.UUID.fromString(item.get("id").asText()) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
