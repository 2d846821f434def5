package io.geminiauth.emulator.oauth;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Authorization codes and refresh tokens of the user OAuth flows. In memory. */
@ApplicationScoped
public class UserGrantStore {
  private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

  /** What a code or refresh token stands for. */
  public record UserGrant(
      String clientId,
      String user,
      Set<String> scopes,
      String redirectUri,
      String codeChallenge,
      Instant expiry) {}

  private final Map<String, UserGrant> codes = new ConcurrentHashMap<>();
  private final Map<String, UserGrant> refreshTokens = new ConcurrentHashMap<>();
  private final AccessTokenStore tokens;
  private final Clock clock;

  public UserGrantStore(AccessTokenStore tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  /** A single-use code, in Google's {@code 4/...} form. */
  public String newCode(
      String clientId, String user, Set<String> scopes, String redirectUri, String challenge) {
    String code = "4/0emu" + tokens.randomPart(32);
    codes.put(
        code,
        new UserGrant(
            clientId, user, scopes, redirectUri, challenge, clock.instant().plus(CODE_LIFETIME)));
    return code;
  }

  /** Redeems a code once; empty when unknown, already used or expired. */
  public Optional<UserGrant> redeemCode(String code) {
    UserGrant grant = code == null ? null : codes.remove(code);
    return Optional.ofNullable(grant).filter(g -> clock.instant().isBefore(g.expiry()));
  }

  /** A long-lived refresh token, in Google's {@code 1//...} form. */
  public String newRefreshToken(UserGrant grant) {
    String token = "1//0emu" + tokens.randomPart(32);
    refreshTokens.put(token, grant);
    return token;
  }

  public Optional<UserGrant> refreshToken(String token) {
    return token == null ? Optional.empty() : Optional.ofNullable(refreshTokens.get(token));
  }

  public boolean revokeRefreshToken(String token) {
    return refreshTokens.remove(token) != null;
  }

  public void clear() {
    codes.clear();
    refreshTokens.clear();
  }
}
