package io.geminiauth.token.admin;

import io.geminiauth.token.credential.Credential;
import io.geminiauth.token.credential.CredentialState;
import java.time.Duration;
import java.time.Instant;

/**
 * A credential as the admin API lists it: what it is and how it fares, never a secret.
 *
 * @param keyAgeDays days since Google made the key (IAM's {@code validAfterTime}, once the key has
 *     been verified), else since its file was written (key files only)
 */
public record CredentialView(
    String account,
    String kind,
    String keyId,
    String origin,
    Long keyAgeDays,
    String health,
    String problem,
    Instant loadedAt,
    Instant lastRefresh,
    String sourceAccount) {

  static CredentialView of(CredentialState state, Instant now) {
    Credential credential = state.credential();
    String keyId = null;
    String origin = null;
    Long age = null;
    String source = null;
    if (credential instanceof Credential.Key k) {
      keyId = k.key().keyId();
      origin = k.key().origin();
      age = Duration.between(k.key().created(), now).toDays();
    } else if (credential instanceof Credential.Impersonated i) {
      source = i.sourceAccount();
    } else if (credential instanceof Credential.Federated f) {
      source = f.audience();
    }
    return new CredentialView(
        credential.account(),
        credential.kind(),
        keyId,
        origin,
        age,
        state.health().name(),
        state.problem().orElse(null),
        state.loadedAt(),
        state.lastRefresh().orElse(null),
        source);
  }
}
