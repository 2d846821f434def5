package io.geminiauth.emulator.sts;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workload identity pool providers, by their STS audience ({@code
 * //iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/P/providers/X}): which
 * OIDC issuer they trust and with which keys.
 */
@ApplicationScoped
public class WorkloadIdentityProviders {
  /**
   * A provider. {@code jwks} null means: the emulator's own OIDC issuer's keys. {@code
   * allowedAudience} is what the subject token's {@code aud} must hold; null means the provider's
   * resource URL ({@code https:} + audience), Google's default.
   */
  public record Provider(String audience, String issuer, String jwks, String allowedAudience) {
    public String expectedTokenAudience() {
      return allowedAudience != null ? allowedAudience : "https:" + audience;
    }

    /** {@code principal://…/subject/<sub>}, the member IAM grants name. */
    public String principal(String subject) {
      String pool = audience.substring(0, audience.indexOf("/providers/"));
      return "principal:" + pool + "/subject/" + subject;
    }
  }

  private final Map<String, Provider> providers = new ConcurrentHashMap<>();

  public void register(Provider provider) {
    providers.put(provider.audience(), provider);
  }

  public Optional<Provider> find(String audience) {
    return audience == null ? Optional.empty() : Optional.ofNullable(providers.get(audience));
  }

  public Collection<Provider> all() {
    return providers.values();
  }

  public void clear() {
    providers.clear();
  }
}
