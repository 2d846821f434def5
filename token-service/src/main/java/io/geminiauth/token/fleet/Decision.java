package io.geminiauth.token.fleet;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What an administrator (or the key directory) decided about one account's credential, as every
 * replica applies it. Decisions are numbered in the order they were made; the latest one per
 * account is the account's state.
 *
 * @param version its place in the fleet's order (0 until recorded)
 * @param account the service account
 * @param action what was decided
 * @param keyId the key it is about: the new key ({@link Action#KEY}), the key revoked or disabled,
 *     or null for a keyless credential
 * @param retiredKeyId the key a {@link Action#KEY} decision replaced, which never serves again
 * @param keyFile the new key's JSON for {@link Action#KEY}, otherwise null; never printed
 * @param keyCreated when Google says the new key was made
 * @param decidedBy who decided (an admin caller, or {@code key-directory})
 * @param decidedAt when
 */
public record Decision(
    long version,
    String account,
    Action action,
    String keyId,
    String retiredKeyId,
    byte[] keyFile,
    Instant keyCreated,
    String decidedBy,
    Instant decidedAt) {

  /** What a decision does to the account's credential. */
  public enum Action {
    /** The account mints with this key from now on (added, or rotated to). */
    KEY,
    DISABLED,
    ENABLED,
    /** The credential is gone, and its key never serves again. */
    REVOKED,
    /** The account's cached tokens are dropped; its state is unchanged. */
    FLUSHED;

    /** Whether the decision says what state the account is in (a flush does not). */
    public boolean setsState() {
      return this != FLUSHED;
    }
  }

  public Decision {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(decidedBy, "decidedBy");
    Objects.requireNonNull(decidedAt, "decidedAt");
    if ((action == Action.KEY) != (keyFile != null)) {
      throw new IllegalArgumentException("a key decision, and only one, carries the key file");
    }
  }

  /** A new key for the account (added, or replacing {@code retiredKeyId}). */
  public static Decision key(
      String account,
      String keyId,
      String retiredKeyId,
      byte[] keyFile,
      Instant keyCreated,
      String by,
      Instant at) {
    return new Decision(
        0,
        account,
        Action.KEY,
        keyId,
        retiredKeyId,
        keyFile.clone(),
        Objects.requireNonNull(keyCreated, "keyCreated"),
        by,
        at);
  }

  /** A decision without key material: disable, enable, revoke or flush. */
  public static Decision of(Action action, String account, String keyId, String by, Instant at) {
    return new Decision(0, account, action, keyId, null, null, null, by, at);
  }

  public Decision numbered(long number) {
    return new Decision(
        number, account, action, keyId, retiredKeyId, keyFile, keyCreated, decidedBy, decidedAt);
  }

  /** The key ids this decision takes out of service for good. */
  public Optional<String> retires() {
    return switch (action) {
      case KEY -> Optional.ofNullable(retiredKeyId);
      case REVOKED -> Optional.ofNullable(keyId);
      default -> Optional.empty();
    };
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Decision d
        && version == d.version
        && account.equals(d.account)
        && action == d.action
        && Objects.equals(keyId, d.keyId)
        && Objects.equals(retiredKeyId, d.retiredKeyId)
        && Arrays.equals(keyFile, d.keyFile)
        && Objects.equals(keyCreated, d.keyCreated)
        && decidedBy.equals(d.decidedBy)
        && decidedAt.equals(d.decidedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, account, action, keyId, decidedAt);
  }

  @Override
  public String toString() {
    return "Decision[version="
        + version
        + ", account="
        + account
        + ", action="
        + action
        + ", keyId="
        + keyId
        + ", retiredKeyId="
        + retiredKeyId
        + ", keyFile="
        + (keyFile == null ? "none" : "[REDACTED]")
        + ", decidedBy="
        + decidedBy
        + ", decidedAt="
        + decidedAt
        + "]";
  }
}
