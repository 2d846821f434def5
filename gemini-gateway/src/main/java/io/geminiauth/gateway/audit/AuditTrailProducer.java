package io.geminiauth.gateway.audit;

import io.geminiauth.common.outbox.AuditTrail;
import io.geminiauth.gateway.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;

/** The gateway's audit trail: its events go through the durable outbox to the audit-service. */
public class AuditTrailProducer {
  /** The source service of the gateway's events. */
  public static final String SERVICE = "gemini-gateway";

  @Produces
  @Singleton
  AuditTrail trail(GatewayConfig config, Clock clock, MeterRegistry meters) {
    GatewayConfig.Audit audit = config.audit();
    return AuditTrail.open(
        SERVICE,
        config.instance(),
        clock,
        meters,
        "gateway",
        audit.url(),
        audit.key(),
        audit.outboxDirectory(),
        audit.overflow());
  }

  void close(@Disposes AuditTrail trail) throws IOException {
    trail.close();
  }
}
