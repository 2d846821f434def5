package io.geminiauth.gateway.credential;

/**
 * The token-service refused the gateway's request for good (400, 401, 403, 404: the policy, the
 * account, the gateway's own credential): asking again will not help, so it is neither retried nor
 * counted against the token-service's breaker.
 */
public final class TokenServiceRefusal extends RuntimeException {
  public TokenServiceRefusal(int status) {
    super("the token-service refused with " + status, null, false, false);
  }
}
