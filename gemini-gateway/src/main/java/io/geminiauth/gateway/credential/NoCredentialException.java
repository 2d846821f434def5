package io.geminiauth.gateway.credential;

/**
 * No credential can be had for an attempt now: every key of a pool is out of rotation, or the
 * token-service cannot give a token. An outcome, not a bug: no stack trace.
 */
public final class NoCredentialException extends RuntimeException {
  public NoCredentialException(String message) {
    super(message, null, false, false);
  }
}
