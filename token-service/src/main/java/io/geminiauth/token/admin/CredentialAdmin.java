package io.geminiauth.token.admin;

import io.geminiauth.common.error.ErrorDetail;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleStatus;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.token.audit.TokenAudit;
import io.geminiauth.token.credential.CredentialRegistry;
import io.geminiauth.token.credential.CredentialState;
import io.geminiauth.token.credential.KeyFileException;
import io.geminiauth.token.credential.KeyFileParser;
import io.geminiauth.token.credential.ServiceAccountKey;
import io.geminiauth.token.fleet.CredentialDecisions;
import io.geminiauth.token.fleet.Decision;
import io.geminiauth.token.intake.KeyVerification;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What administrators do to credentials: list, add, rotate (load the new key, prove it by minting,
 * swap, retire the old for good), disable, enable, revoke, flush cached tokens. Every change is a
 * {@link Decision} that reaches every replica and outlives restarts, and is audited; nothing here
 * ever returns or logs key material.
 */
@ApplicationScoped
public class CredentialAdmin {
  private final CredentialRegistry registry;
  private final CredentialDecisions decisions;
  private final KeyVerification verification;
  private final TokenAudit audit;
  private final Clock clock;

  public CredentialAdmin(
      CredentialRegistry registry,
      CredentialDecisions decisions,
      KeyVerification verification,
      TokenAudit audit,
      Clock clock) {
    this.registry = registry;
    this.decisions = decisions;
    this.verification = verification;
    this.audit = audit;
    this.clock = clock;
  }

  public List<CredentialView> list() {
    return registry.all().stream()
        .map(s -> CredentialView.of(s, clock.instant()))
        .sorted(Comparator.comparing(CredentialView::account))
        .toList();
  }

  public CredentialView get(String account) {
    return CredentialView.of(require(account), clock.instant());
  }

  /** Adds a key for an account the service does not hold yet, after proving it mints. */
  public CredentialView add(String keyJson, String admin) {
    ServiceAccountKey key = parse(keyJson);
    if (registry.find(key.clientEmail()).isPresent()) {
      throw new GoogleApiException(
          GoogleError.of(
              GoogleStatus.ALREADY_EXISTS,
              "A credential for " + key.clientEmail() + " exists; rotate its key instead."));
    }
    refuseRetired(key);
    ServiceAccountKey proven = verify(key, admin);
    decisions.decide(
        Decision.key(
            key.clientEmail(), key.keyId(), null, bytes(keyJson), proven.created(), admin, now()));
    audit.keyAdded(admin, key.clientEmail(), key.keyId());
    return get(key.clientEmail());
  }

  /**
   * Rotates an account's key: the new one must belong to the same account and mint a token before
   * it replaces the old on every replica; a failed check leaves the old key serving. The old key
   * never serves again (not from its file either), and tokens minted with it are dropped.
   */
  public CredentialView rotate(String account, String keyJson, String admin) {
    CredentialState current = require(account);
    ServiceAccountKey next = parse(keyJson);
    if (!next.clientEmail().equals(account)) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "The new key belongs to " + next.clientEmail() + ", not to " + account + "."));
    }
    refuseRetired(next);
    String oldKeyId = current.credential().keyId();
    ServiceAccountKey proven = verify(next, admin);
    decisions.decide(
        Decision.key(
            account, next.keyId(), oldKeyId, bytes(keyJson), proven.created(), admin, now()));
    audit.keyRotated(
        admin, account, oldKeyId == null ? current.credential().kind() : oldKeyId, next.keyId());
    return get(account);
  }

  public CredentialView disable(String account, String admin) {
    decide(Decision.Action.DISABLED, account, admin, AuthEventType.KEY_REVOKED, "disabled");
    return get(account);
  }

  public CredentialView enable(String account, String admin) {
    CredentialState current = require(account);
    decisions.decide(
        Decision.of(Decision.Action.ENABLED, account, current.credential().keyId(), admin, now()));
    audit.credentialEnabled(admin, account);
    return get(account);
  }

  /** Removes the credential on every replica and drops its cached tokens at once. */
  public void revoke(String account, String admin) {
    decide(Decision.Action.REVOKED, account, admin, AuthEventType.KEY_REVOKED, "revoked");
  }

  /**
   * Drops the account's cached tokens on every replica; the next request mints. Returns how many
   * this replica dropped.
   */
  public int flush(String account, String admin) {
    return decide(
        Decision.Action.FLUSHED, account, admin, AuthEventType.TOKEN_REVOKED, "cache flushed");
  }

  /** Decides {@code action} for the fleet and audits the tokens it dropped; returns how many. */
  private int decide(
      Decision.Action action, String account, String admin, AuthEventType type, String reason) {
    CredentialState current = require(account);
    int dropped =
        decisions.decide(Decision.of(action, account, current.credential().keyId(), admin, now()));
    audit.tokensDropped(type, admin, account, reason, dropped);
    return dropped;
  }

  /** A key rotated away or revoked anywhere in the fleet is never taken back. */
  private void refuseRetired(ServiceAccountKey key) {
    if (decisions.retired(key.keyId())) {
      throw new GoogleApiException(
          GoogleError.of(
              GoogleStatus.FAILED_PRECONDITION,
              "Key "
                  + key.keyId()
                  + " of "
                  + key.clientEmail()
                  + " was rotated away or revoked and never serves again; create a new key.",
              new ErrorDetail.ErrorInfo("KEY_RETIRED", "token-service", Map.of())));
    }
  }

  private static byte[] bytes(String keyJson) {
    return keyJson.getBytes(StandardCharsets.UTF_8);
  }

  private Instant now() {
    return clock.instant();
  }

  /** The key once it has minted (with Google's creation time); Google's refusal is a 400. */
  private ServiceAccountKey verify(ServiceAccountKey key, String admin) {
    try {
      return verification.verify(key);
    } catch (KeyVerification.Failed e) {
      audit.keyVerificationFailed(admin, key.clientEmail(), key.keyId(), e.getMessage());
      throw new GoogleApiException(
          GoogleError.of(
              GoogleStatus.FAILED_PRECONDITION,
              "The new key for "
                  + key.clientEmail()
                  + " could not mint a token ("
                  + e.getMessage()
                  + "); the current key stays in place.",
              new ErrorDetail.ErrorInfo("KEY_VERIFICATION_FAILED", "token-service", Map.of())));
    }
  }

  private ServiceAccountKey parse(String keyJson) {
    try {
      return KeyFileParser.parse(
          keyJson == null ? new byte[0] : keyJson.getBytes(StandardCharsets.UTF_8),
          "request body",
          clock.instant());
    } catch (KeyFileException e) {
      throw new GoogleApiException(GoogleError.invalidArgument(e.getMessage()));
    }
  }

  private CredentialState require(String account) {
    return registry
        .find(account)
        .orElseThrow(
            () ->
                new GoogleApiException(
                    GoogleError.notFound("No credential for " + account + " is configured here.")));
  }
}
