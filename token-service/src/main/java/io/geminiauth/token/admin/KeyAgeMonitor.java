package io.geminiauth.token.admin;

import io.geminiauth.token.TokenConfig;
import io.geminiauth.token.audit.TokenAudit;
import io.geminiauth.token.credential.Credential;
import io.geminiauth.token.credential.CredentialRegistry;
import io.geminiauth.token.credential.CredentialState;
import io.geminiauth.token.credential.ServiceAccountKey;
import io.geminiauth.token.fleet.CredentialLedger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * Warns about keys older than {@code token.credentials.key-age-warning}: the count and the oldest
 * age as metrics, and one KEY_AGE_WARNING audit event per key for the whole fleet (the ledger says
 * which replica warns first; restarts do not warn again).
 */
@ApplicationScoped
public class KeyAgeMonitor {
  private final CredentialRegistry registry;
  private final TokenAudit audit;
  private final Clock clock;
  private final Duration warnAfter;
  private final CredentialLedger ledger;

  public KeyAgeMonitor(
      TokenConfig config,
      CredentialRegistry registry,
      CredentialLedger ledger,
      TokenAudit audit,
      Clock clock,
      MeterRegistry meters) {
    this.registry = registry;
    this.ledger = ledger;
    this.audit = audit;
    this.clock = clock;
    this.warnAfter = config.credentials().keyAgeWarning();
    Gauge.builder("token_keys_over_age", this, m -> m.overAge())
        .description("Keys older than token.credentials.key-age-warning")
        .register(meters);
    Gauge.builder("token_key_age_max_seconds", this, m -> m.oldestSeconds())
        .description("Age of the oldest key held")
        .register(meters);
  }

  /** Audits each key that has crossed the warning age since the last check. */
  @Scheduled(
      every = "${token.credentials.key-age-check:1h}",
      delayed = "${token.credentials.key-age-check-delay:1m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  public void check() {
    Instant now = clock.instant();
    keys()
        .filter(k -> age(k, now).compareTo(warnAfter) > 0)
        .filter(k -> ledger.claimAgeWarning(k.keyId()))
        .forEach(k -> audit.keyAgeWarning(k.clientEmail(), k.keyId(), warnAfter, age(k, now)));
  }

  private double overAge() {
    Instant now = clock.instant();
    return keys().filter(k -> age(k, now).compareTo(warnAfter) > 0).count();
  }

  private double oldestSeconds() {
    Instant now = clock.instant();
    return keys().mapToLong(k -> age(k, now).toSeconds()).max().orElse(0);
  }

  /** The service-account keys held (impersonated and federated credentials have none). */
  private Stream<ServiceAccountKey> keys() {
    return registry.all().stream()
        .map(CredentialState::credential)
        .filter(c -> c instanceof Credential.Key)
        .map(c -> ((Credential.Key) c).key());
  }

  private static Duration age(ServiceAccountKey key, Instant now) {
    return Duration.between(key.created(), now);
  }
}
