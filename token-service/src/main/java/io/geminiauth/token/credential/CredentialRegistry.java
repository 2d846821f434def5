package io.geminiauth.token.credential;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** The credentials the service can mint from, one per account, with their health. */
@ApplicationScoped
public class CredentialRegistry {
  private final Map<String, CredentialState> byAccount = new ConcurrentHashMap<>();
  private final Clock clock;

  public CredentialRegistry(Clock clock) {
    this.clock = clock;
  }

  /** Adds or replaces the account's credential; returns the one it replaced. */
  public Optional<CredentialState> put(Credential credential) {
    return Optional.ofNullable(
        byAccount.put(credential.account(), CredentialState.loaded(credential, clock.instant())));
  }

  public Optional<CredentialState> remove(String account) {
    return Optional.ofNullable(byAccount.remove(account));
  }

  public Optional<CredentialState> find(String account) {
    return Optional.ofNullable(byAccount.get(account));
  }

  public Collection<CredentialState> all() {
    return List.copyOf(byAccount.values());
  }

  /** Applies {@code change} to the account's state if it has one. */
  public void update(String account, UnaryOperator<CredentialState> change) {
    byAccount.computeIfPresent(account, (k, state) -> change.apply(state));
  }
}
