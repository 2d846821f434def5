package io.geminiauth.token.fleet;

import java.time.Duration;
import java.util.List;

/**
 * The record of credential decisions that every replica shares: PostgreSQL in a fleet ({@link
 * PostgresLedger}), this process's memory on a single instance ({@link MemoryLedger}).
 */
public interface CredentialLedger {

  /** Stores {@code decision} after every earlier one; returns it with its version. */
  Decision record(Decision decision);

  /** Each account's latest decision that sets its state (not a flush), in version order. */
  List<Decision> latest();

  /** The decisions after {@code version}, in order. A key file another replaced is left out. */
  List<Decision> since(long version);

  /** Whether {@code keyId} was rotated away or revoked: such a key never serves again. */
  boolean retired(String keyId);

  /**
   * Claims the one warning that {@code keyId} is over age: true the first time any replica asks,
   * false ever after.
   */
  boolean claimAgeWarning(String keyId);

  /**
   * Runs {@code catchUp} whenever another process may have recorded a decision, and at least every
   * {@code reconcile}, until closed. A ledger no one else shares never does.
   */
  AutoCloseable follow(Duration reconcile, Runnable catchUp);
}
