package io.geminiauth.common.event;

/** What happened. New kinds are added at the end; consumers must not rely on ordinals. */
public enum AuthEventType {
  /** A token was minted and handed out. */
  TOKEN_ISSUED,
  /** A cached token was refreshed before it expired. */
  TOKEN_REFRESHED,
  /** Minting or refreshing a token failed. */
  TOKEN_REQUEST_FAILED,
  /** Cached tokens were dropped (revocation, cache flush). */
  TOKEN_REVOKED,
  /** A credential (key file, source credential) was loaded. */
  KEY_LOADED,
  /** A credential could not be loaded. */
  KEY_LOAD_FAILED,
  /** A key was added next to the current ones. */
  KEY_ADDED,
  /** A key was rotated: the new one verified and swapped in. */
  KEY_ROTATED,
  /** A key or credential was revoked or disabled. */
  KEY_REVOKED,
  /** A key is older than the configured warning age. */
  KEY_AGE_WARNING,
  /** A caller was refused: unknown, not allowed, over quota. */
  ACCESS_DENIED,
  /** Google refused the credential the suite sent upstream. */
  UPSTREAM_AUTH_FAILED,
  /** An upstream API key was taken out of rotation. */
  UPSTREAM_KEY_RETIRED,
  /** The gateway issued a client key. */
  CLIENT_KEY_ISSUED,
  /** The gateway revoked a client key. */
  CLIENT_KEY_REVOKED,
  /** Google refused an upstream API key for good (invalid, expired, blocked, type refused). */
  API_KEY_REJECTED,
  /** An upstream API key was rotated: the new one verified and promoted. */
  UPSTREAM_KEY_ROTATED,
  /** An upstream API key that Google had refused passed a later check and serves again. */
  API_KEY_RESTORED,
  /** An authorization policy was loaded or reloaded (SUCCESS), or a new one refused (FAILURE). */
  POLICY_CHANGED
}
