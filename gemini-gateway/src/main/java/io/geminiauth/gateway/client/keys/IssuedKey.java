package io.geminiauth.gateway.client.keys;

import java.time.Instant;

/**
 * A client key the gateway issued, as stored: its SHA-256, never the key.
 *
 * @param id the public id, also the key's recognisable part ({@code gwk_<id>_…})
 * @param expiresAt when it stops working; null for never
 * @param revokedAt when an admin revoked it; null while it is valid
 */
public record IssuedKey(
    String id,
    String client,
    String keyHash,
    Instant createdAt,
    String createdBy,
    Instant expiresAt,
    Instant revokedAt,
    String description) {

  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  public boolean revoked() {
    return revokedAt != null;
  }
}
