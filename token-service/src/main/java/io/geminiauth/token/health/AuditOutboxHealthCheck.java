package io.geminiauth.token.health;

import io.geminiauth.token.audit.TokenAudit;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Unready while the audit outbox is full (the audit-service has not taken its events for long):
 * nothing is dropped, and traffic goes to replicas whose events still ship.
 */
@Readiness
@ApplicationScoped
public class AuditOutboxHealthCheck implements HealthCheck {
  private final TokenAudit audit;

  public AuditOutboxHealthCheck(TokenAudit audit) {
    this.audit = audit;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("audit-outbox").status(!audit.outboxFull()).build();
  }
}
