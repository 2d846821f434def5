package io.geminiauth.audit.store;

import java.time.Instant;

/** A legal hold: while it is active (not released), retention deletes nothing. */
public record LegalHold(
    String id, String reason, String setBy, Instant setAt, String releasedBy, Instant releasedAt) {

  public boolean active() {
    return releasedAt == null;
  }
}
