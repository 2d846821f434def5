package io.geminiauth.emulator.oauth;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens the emulator issued, so the APIs it serves can check them. In memory. */
@ApplicationScoped
public class AccessTokenStore {
  /** Expired tokens are swept when the store grows past this, to bound memory in benchmarks. */
  private static final int SWEEP_THRESHOLD = 100_000;

  private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  public AccessTokenStore(Clock clock) {
    this.clock = clock;
  }

  /** Issues a Google-looking ({@code ya29.}) opaque token. */
  public IssuedToken issue(String principal, Set<String> scopes, Duration lifetime, String kind) {
    Instant now = clock.instant();
    if (tokens.size() > SWEEP_THRESHOLD) {
      tokens.values().removeIf(t -> t.expiredAt(now));
    }
    IssuedToken token =
        new IssuedToken("ya29.emu_" + randomPart(48), principal, scopes, now.plus(lifetime), kind);
    tokens.put(token.value(), token);
    return token;
  }

  /** The token value of an {@code Authorization: Bearer …} header; empty for any other header. */
  public static Optional<String> bearerValue(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return Optional.of(authorization.substring(7).trim());
  }

  public Optional<IssuedToken> find(String value) {
    return value == null ? Optional.empty() : Optional.ofNullable(tokens.get(value));
  }

  public boolean revoke(String value) {
    return tokens.remove(value) != null;
  }

  /** Drops every token of a principal (account disabled, key revoked by a test). */
  public void revokeAll(String principal) {
    tokens.values().removeIf(t -> t.principal().equals(principal));
  }

  public void clear() {
    tokens.clear();
  }

  String randomPart(int bytes) {
    byte[] buffer = new byte[bytes];
    random.nextBytes(buffer);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
  }
}
