package io.geminiauth.gateway.credential;

/**
 * The token-service did not give a token this time: it did not answer in time, could not be
 * reached, or answered 408, 429 or 5xx. Retried, and counted by its breaker.
 */
public final class TokenServiceUnavailable extends RuntimeException {
  public TokenServiceUnavailable(String what) {
    super("the token-service is unavailable: " + what, null, false, false);
  }
}
