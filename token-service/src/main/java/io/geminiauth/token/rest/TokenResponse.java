package io.geminiauth.token.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.geminiauth.common.token.AccessToken;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The answer of {@code POST /v1/tokens}, in OAuth's field names. Its {@code toString()} hides the
 * token.
 */
public record TokenResponse(
    @JsonProperty("access_token") String accessToken,
    @JsonProperty("token_type") String tokenType,
    @JsonProperty("expires_in") long expiresIn,
    @JsonProperty("expires_at") String expiresAt) {

  public static TokenResponse of(AccessToken token, Instant now) {
    return new TokenResponse(
        token.value(),
        "Bearer",
        token.remaining(now).toSeconds(),
        token.expiresAt().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  @Override
  public String toString() {
    return "TokenResponse[access_token=[REDACTED], expires_at=" + expiresAt + "]";
  }
}
