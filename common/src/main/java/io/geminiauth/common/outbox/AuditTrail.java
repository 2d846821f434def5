package io.geminiauth.common.outbox;

import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.InvalidAuthEventException;
import io.geminiauth.common.event.Outcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * A service's auth events on their way to the audit-service: each event is built with the service's
 * source, counted ({@code <prefix>_audit_events_total{type}}), and written to the durable outbox.
 * Without an outbox (no audit URL: a first run) events are only counted. A caller's odd or
 * oversized value never costs the event: what does not fit the schema is dropped and said so.
 */
public final class AuditTrail implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AuditTrail.class);

  private final String service;
  private final String instance;
  private final Clock clock;
  private final MeterRegistry meters;
  private final String prefix;
  private final AuditOutbox outbox;

  private AuditTrail(
      String service,
      String instance,
      Clock clock,
      MeterRegistry meters,
      String prefix,
      AuditOutbox outbox) {
    this.service = service;
    this.instance = instance;
    this.clock = clock;
    this.meters = meters;
    this.prefix = prefix;
    this.outbox = outbox;
  }

  /**
   * Opens the trail: with {@code settings}, its outbox (recovering what an earlier process left)
   * and the outbox gauges ({@code <prefix>_audit_outbox_*}); without, a counting-only trail.
   */
  public static AuditTrail open(
      String service,
      String instance,
      Clock clock,
      MeterRegistry meters,
      String prefix,
      OutboxSettings settings)
      throws IOException {
    if (settings == null) {
      LOG.warnf("%s: no audit URL set: auth events are counted but not shipped", service);
    }
    AuditOutbox outbox = settings == null ? null : AuditOutbox.start(settings);
    AuditTrail trail = new AuditTrail(service, instance, clock, meters, prefix, outbox);
    trail.gauge("pending_bytes", AuditOutbox::pendingBytes);
    trail.gauge("shipped_total", AuditOutbox::shippedEvents);
    trail.gauge("rejected_total", AuditOutbox::rejectedEvents);
    trail.gauge("dead_letters", AuditOutbox::deadLetters);
    trail.gauge("dropped_total", AuditOutbox::droppedEvents);
    trail.gauge("full", o -> o.full() ? 1 : 0);
    trail.gauge("failed_attempts_total", AuditOutbox::failedAttempts);
    return trail;
  }

  /**
   * Opens the trail of a service configured with an optional audit URL, its producer key and the
   * outbox directory: without a URL, a counting-only trail.
   */
  public static AuditTrail open(
      String service,
      String instance,
      Clock clock,
      MeterRegistry meters,
      String prefix,
      Optional<URI> url,
      Optional<String> producerKey,
      Path outboxDirectory,
      OutboxSettings.OverflowPolicy overflow) {
    try {
      return open(
          service,
          instance,
          clock,
          meters,
          prefix,
          url.map(
                  u ->
                      OutboxSettings.defaults(
                          outboxDirectory, u, producerKey.orElse(null), overflow))
              .orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit outbox in " + outboxDirectory, e);
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
    meters.counter(prefix + "_audit_events_total", "type", type.name()).increment();
    if (outbox != null) {
      outbox.record(event);
    }
  }

  /**
   * Whether the outbox is full: a service reports itself unready while it is (the UNREADY policy),
   * so that its traffic goes to replicas whose events still ship.
   */
  public boolean full() {
    return outbox != null && outbox.full();
  }

  @Override
  public void close() throws IOException {
    if (outbox != null) {
      outbox.close();
    }
  }

  private AuthEvent.Builder base(
      AuthEventType type, Outcome outcome, String principal, String subject) {
    return AuthEvent.now(clock.instant())
        .type(type)
        .outcome(outcome)
        .source(service, instance)
        .principal(clip(principal))
        .subject(clip(subject));
  }

  /** Names are at most 256 characters in the event schema. */
  private static String clip(String value) {
    return value == null || value.length() <= 256 ? value : value.substring(0, 255) + "…";
  }

  private void gauge(String name, ToDoubleFunction<AuditOutbox> value) {
    Gauge.builder(
            prefix + "_audit_outbox_" + name,
            this,
            trail -> trail.outbox == null ? 0 : value.applyAsDouble(trail.outbox))
        .register(meters);
  }
}
