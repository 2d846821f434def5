package io.geminiauth.emulator.oauth;

import java.time.Instant;
import java.util.Set;

/**
 * An opaque access token the emulator issued: whose it is, for which scopes, until when.
 *
 * @param principal a service-account email, a user email or a federated principal
 * @param kind how it was obtained (service_account, user, impersonated, federated)
 */
public record IssuedToken(
    String value, String principal, Set<String> scopes, Instant expiry, String kind) {

  public IssuedToken {
    scopes = Set.copyOf(scopes);
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiry);
  }

  /** Whether the token carries at least one of the given scopes. */
  public boolean hasAnyScope(Set<String> wanted) {
    return wanted.stream().anyMatch(scopes::contains);
  }

  @Override
  public String toString() {
    return "IssuedToken[principal=" + principal + ", scopes=" + scopes + ", expiry=" + expiry + "]";
  }
}
