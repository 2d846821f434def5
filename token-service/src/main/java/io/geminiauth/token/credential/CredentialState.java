package io.geminiauth.token.credential;

import java.time.Instant;
import java.util.Optional;

/**
 * A credential and what is known about it. Immutable: the registry swaps whole states.
 *
 * @param credential what mints
 * @param health whether it can
 * @param problem why not, when it cannot (Google's error code and description, never a secret)
 * @param loadedAt when it was loaded
 * @param lastRefresh the last successful mint, if any
 */
public record CredentialState(
    Credential credential,
    Health health,
    Optional<String> problem,
    Instant loadedAt,
    Optional<Instant> lastRefresh) {

  public static CredentialState loaded(Credential credential, Instant now) {
    return new CredentialState(credential, Health.HEALTHY, Optional.empty(), now, Optional.empty());
  }

  public CredentialState minted(Instant now) {
    return new CredentialState(
        credential,
        health == Health.DISABLED ? Health.DISABLED : Health.HEALTHY,
        health == Health.DISABLED ? problem : Optional.empty(),
        loadedAt,
        Optional.of(now));
  }

  public CredentialState unhealthy(String why) {
    return health == Health.DISABLED
        ? this
        : new CredentialState(
            credential, Health.UNHEALTHY, Optional.of(why), loadedAt, lastRefresh);
  }

  public CredentialState disabled(String why) {
    return new CredentialState(
        credential, Health.DISABLED, Optional.of(why), loadedAt, lastRefresh);
  }

  public CredentialState enabled() {
    return new CredentialState(credential, Health.HEALTHY, Optional.empty(), loadedAt, lastRefresh);
  }
}
