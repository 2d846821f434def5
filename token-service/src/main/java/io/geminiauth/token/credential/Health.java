package io.geminiauth.token.credential;

/** Whether a credential can mint. */
public enum Health {
  /** Minted, or not tried yet. */
  HEALTHY,
  /** Google refused it for good ({@code invalid_grant}): a human must act. */
  UNHEALTHY,
  /** An administrator disabled it: nothing is minted or handed out. */
  DISABLED
}
