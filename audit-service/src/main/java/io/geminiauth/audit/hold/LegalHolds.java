package io.geminiauth.audit.hold;

import io.geminiauth.audit.ingest.IngestService;
import io.geminiauth.audit.store.LegalHold;
import io.geminiauth.audit.store.LegalHoldStore;
import io.geminiauth.common.error.FieldViolation;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleStatus;
import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Legal holds as rows of the shared store: set and released by an audit admin, in force for every
 * replica at once (retention reads them at each run), and each change is itself an audit event
 * (POLICY_CHANGED, source audit-service) in the tamper-evident chain.
 */
@ApplicationScoped
public class LegalHolds {
  private final LegalHoldStore store;
  private final IngestService ingest;
  private final Clock clock;

  public LegalHolds(LegalHoldStore store, IngestService ingest, Clock clock) {
    this.store = store;
    this.ingest = ingest;
    this.clock = clock;
  }

  public List<LegalHold> list() {
    return inStore(store::all);
  }

  /** Sets a hold for {@code reason}; audited. */
  public LegalHold set(String reason, String admin) {
    if (reason == null || reason.isBlank() || reason.length() > 1024) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "reason must say why the hold is set (1 to 1024 characters).",
              new FieldViolation("reason", "must be 1 to 1024 characters")));
    }
    LegalHold hold =
        new LegalHold(
            UUID.randomUUID().toString(), reason.strip(), admin, clock.instant(), null, null);
    inStore(
        () -> {
          store.insert(hold);
          return null;
        });
    audit(admin, hold, "set");
    return hold;
  }

  /** Releases an active hold; audited. 404 for an unknown one, 409 for one released already. */
  public LegalHold release(String id, String admin) {
    LegalHold current =
        list().stream()
            .filter(h -> h.id().equals(id))
            .findFirst()
            .orElseThrow(
                () -> new GoogleApiException(GoogleError.notFound("No legal hold " + id + ".")));
    var at = clock.instant();
    if (!inStore(() -> store.release(id, admin, at))) {
      throw new GoogleApiException(
          GoogleError.of(GoogleStatus.ABORTED, "Legal hold " + id + " is released already."));
    }
    LegalHold released =
        new LegalHold(current.id(), current.reason(), current.setBy(), current.setAt(), admin, at);
    audit(admin, released, "released");
    return released;
  }

  private void audit(String admin, LegalHold hold, String action) {
    ingest.recordOwn(
        AuthEvent.now(clock.instant())
            .type(AuthEventType.POLICY_CHANGED)
            .source("audit-service", null)
            .principal(admin)
            .subject("legal hold " + hold.id())
            .outcome(Outcome.SUCCESS)
            .reason("legal hold " + action + ": " + hold.reason())
            .attributes(Map.of("action", action))
            .build());
  }

  /** A statement on the store; its failure is the client's 503 (nothing changed). */
  private interface Sql<T> {
    T run() throws SQLException;
  }

  private static <T> T inStore(Sql<T> sql) {
    try {
      return sql.run();
    } catch (SQLException e) {
      throw new GoogleApiException(
          GoogleError.unavailable(
              "The audit store cannot be reached now; nothing changed. Retry later.",
              Duration.ofSeconds(2)),
          Duration.ofSeconds(2));
    }
  }
}
