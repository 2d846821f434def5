package io.geminiauth.token.audit;

import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.InvalidAuthEventException;
import io.geminiauth.common.event.Outcome;
import io.geminiauth.common.outbox.AuditOutbox;
import io.geminiauth.common.outbox.OutboxSettings;
import io.geminiauth.token.TokenConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * Writes the service's auth events to the durable outbox, which ships them to the audit-service.
 * Without an audit URL events are only counted (first run without an audit-service).
 */
@ApplicationScoped
public class TokenAudit {
  private static final Logger LOG = Logger.getLogger(TokenAudit.class);
  static final String SERVICE = "token-service";

  /** The principal of events the service causes itself (loading keys, background refresh). */
  public static final String SELF = SERVICE;

  private final TokenConfig config;
  private final Clock clock;
  private final MeterRegistry meters;
  private volatile AuditOutbox outbox;

  public TokenAudit(TokenConfig config, Clock clock, MeterRegistry meters) {
    this.config = config;
    this.clock = clock;
    this.meters = meters;
  }

  void start(@Observes StartupEvent start) {
    if (config.audit().url().isEmpty()) {
      LOG.warn("token.audit.url is not set: auth events are counted but not shipped");
      return;
    }
    try {
      outbox =
          AuditOutbox.start(
              OutboxSettings.defaults(
                  config.audit().outboxDirectory(),
                  config.audit().url().get(),
                  config.audit().key().orElse(null)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit outbox", e);
    }
    gauge("token_audit_outbox_pending_bytes", AuditOutbox::pendingBytes);
    gauge("token_audit_outbox_shipped_total", AuditOutbox::shippedEvents);
    gauge("token_audit_outbox_rejected_total", AuditOutbox::rejectedEvents);
    gauge("token_audit_outbox_dropped_total", AuditOutbox::droppedEvents);
    gauge("token_audit_outbox_failed_attempts_total", AuditOutbox::failedAttempts);
  }

  void stop(@Observes ShutdownEvent stop) throws IOException {
    if (outbox != null) {
      outbox.close();
    }
  }

  /**
   * Records one event of {@code type} about {@code subject}; {@code details} adds reason, scopes,
   * attributes and the like.
   */
  public void record(
      AuthEventType type,
      Outcome outcome,
      String principal,
      String subject,
      Consumer<AuthEvent.Builder> details) {
    AuthEvent event;
    try {
      AuthEvent.Builder builder = base(type, outcome, principal, subject);
      details.accept(builder);
      event = builder.build();
    } catch (InvalidAuthEventException e) {
      // A caller's oversized or odd value (a long User-Agent, say) must not cost the event or the
      // request: keep what is certain, say what was dropped.
      LOG.warnf("audit event %s: details dropped (%s)", type, e.getMessage());
      event =
          base(type, outcome, principal, subject)
              .reason("details dropped: they did not fit the event schema")
              .build();
    }
    meters.counter("token_audit_events_total", "type", type.name()).increment();
    if (outbox != null) {
      outbox.record(event);
    }
  }

  private AuthEvent.Builder base(
      AuthEventType type, Outcome outcome, String principal, String subject) {
    return AuthEvent.now(clock.instant())
        .type(type)
        .outcome(outcome)
        .source(SERVICE, config.instance())
        .principal(clip(principal))
        .subject(clip(subject));
  }

  /** Names are at most 256 characters in the event schema. */
  private static String clip(String value) {
    return value == null || value.length() <= 256 ? value : value.substring(0, 255) + "…";
  }

  private void gauge(String name, ToDoubleFunction<AuditOutbox> value) {
    Gauge.builder(name, this, audit -> audit.outbox == null ? 0 : value.applyAsDouble(audit.outbox))
        .register(meters);
  }
}
