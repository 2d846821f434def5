package io.geminiauth.audit.store;

import java.util.UUID;

/** A stored row that no longer makes a valid event: it was changed outside the service. */
public class UnreadableRowException extends RuntimeException {
  private final UUID id;
  private final String chainId;
  private final long seq;

  public UnreadableRowException(UUID id, String chainId, long seq, Throwable cause) {
    super("stored event " + id + " (" + chainId + "#" + seq + ") is not a valid event", cause);
    this.id = id;
    this.chainId = chainId;
    this.seq = seq;
  }

  public UUID id() {
    return id;
  }

  public String chainId() {
    return chainId;
  }

  public long seq() {
    return seq;
  }
}
