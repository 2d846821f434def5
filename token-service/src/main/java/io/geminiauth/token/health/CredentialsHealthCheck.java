package io.geminiauth.token.health;

import io.geminiauth.token.credential.CredentialRegistry;
import io.geminiauth.token.credential.CredentialState;
import io.geminiauth.token.credential.Health;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when at least one credential is loaded. An unhealthy credential is listed, not fatal: one
 * refused key must not take every other account's tokens out of service.
 */
@Readiness
@ApplicationScoped
public class CredentialsHealthCheck implements HealthCheck {
  private final CredentialRegistry registry;

  public CredentialsHealthCheck(CredentialRegistry registry) {
    this.registry = registry;
  }

  @Override
  public HealthCheckResponse call() {
    Collection<CredentialState> all = registry.all();
    return HealthCheckResponse.named("credentials")
        .status(!all.isEmpty())
        .withData("loaded", all.size())
        .withData("healthy", all.stream().filter(s -> s.health() == Health.HEALTHY).count())
        .withData("unhealthy", accounts(all, Health.UNHEALTHY))
        .withData("disabled", accounts(all, Health.DISABLED))
        .build();
  }

  private static String accounts(Collection<CredentialState> all, Health health) {
    return all.stream()
        .filter(s -> s.health() == health)
        .map(s -> s.credential().account())
        .sorted()
        .collect(Collectors.joining(","));
  }
}
