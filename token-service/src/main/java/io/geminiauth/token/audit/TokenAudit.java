package io.geminiauth.token.audit;

import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.Outcome;
import io.geminiauth.common.outbox.AuditTrail;
import io.geminiauth.token.TokenConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The token-service's auth events, through the durable outbox to the audit-service (see {@link
 * AuditTrail}). Without an audit URL events are only counted (first run without an audit-service).
 */
@ApplicationScoped
public class TokenAudit {
  static final String SERVICE = "token-service";

  /** The principal of events the service causes itself (loading keys, background refresh). */
  public static final String SELF = SERVICE;

  private final TokenConfig config;
  private final Clock clock;
  private final MeterRegistry meters;
  private AuditTrail trail;

  public TokenAudit(TokenConfig config, Clock clock, MeterRegistry meters) {
    this.config = config;
    this.clock = clock;
    this.meters = meters;
  }

  // Opened with the bean, not at StartupEvent: keys load at start-up too, and their KEY_LOADED
  // events must find the outbox open whatever order the start-up observers run in.
  @PostConstruct
  void open() {
    TokenConfig.Audit audit = config.audit();
    trail =
        AuditTrail.open(
            SERVICE,
            config.instance(),
            clock,
            meters,
            "token",
            audit.url(),
            audit.key(),
            audit.outboxDirectory());
  }

  @PreDestroy
  void close() throws IOException {
    trail.close();
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
    trail.record(type, outcome, principal, subject, details);
  }
}
