package io.geminiauth.token.admin;

import io.geminiauth.common.error.ErrorDetail;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleStatus;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.token.audit.TokenAudit;
import io.geminiauth.token.broker.TokenBroker;
import io.geminiauth.token.credential.Credential;
import io.geminiauth.token.credential.CredentialRegistry;
import io.geminiauth.token.credential.CredentialState;
import io.geminiauth.token.credential.KeyFileException;
import io.geminiauth.token.credential.KeyFileParser;
import io.geminiauth.token.credential.ServiceAccountKey;
import io.geminiauth.token.intake.KeyVerification;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What administrators do to credentials: list, add, rotate (load the new key, prove it by minting,
 * swap atomically, retire the old), disable, enable, revoke, flush cached tokens. Every change is
 * audited; nothing here ever returns or logs key material.
 */
@ApplicationScoped
public class CredentialAdmin {
  private final CredentialRegistry registry;
  private final TokenBroker broker;
  private final KeyVerification verification;
  private final TokenAudit audit;
  private final Clock clock;

  public CredentialAdmin(
      CredentialRegistry registry,
      TokenBroker broker,
      KeyVerification verification,
      TokenAudit audit,
      Clock clock) {
    this.registry = registry;
    this.broker = broker;
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
    registry.put(new Credential.Key(verify(key, admin)));
    audit.keyAdded(admin, key.clientEmail(), key.keyId());
    return get(key.clientEmail());
  }

  /**
   * Rotates an account's key: the new one must belong to the same account and mint a token before
   * it replaces the old, atomically; a failed check leaves the old key serving.
   */
  public CredentialView rotate(String account, String keyJson, String admin) {
    CredentialState current = require(account);
    ServiceAccountKey next = parse(keyJson);
    if (!next.clientEmail().equals(account)) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "The new key belongs to " + next.clientEmail() + ", not to " + account + "."));
    }
    String oldKeyId =
        current.credential() instanceof Credential.Key k
            ? k.key().keyId()
            : current.credential().kind();
    if (!registry.replace(current.credential(), new Credential.Key(verify(next, admin)))) {
      throw new GoogleApiException(
          GoogleError.of(
              GoogleStatus.ABORTED,
              "The credential for " + account + " changed during the rotation; try again."));
    }
    audit.keyRotated(admin, account, oldKeyId, next.keyId());
    return get(account);
  }

  public CredentialView disable(String account, String admin) {
    require(account);
    registry.update(account, s -> s.disabled("disabled by " + admin));
    dropTokens(account, admin, AuthEventType.KEY_REVOKED, "disabled");
    return get(account);
  }

  public CredentialView enable(String account, String admin) {
    require(account);
    registry.update(account, CredentialState::enabled);
    audit.credentialEnabled(admin, account);
    return get(account);
  }

  /** Removes the credential and drops its cached tokens at once. */
  public void revoke(String account, String admin) {
    require(account);
    registry.remove(account);
    dropTokens(account, admin, AuthEventType.KEY_REVOKED, "revoked");
  }

  /** Drops the account's cached tokens; the next request mints. Returns how many. */
  public int flush(String account, String admin) {
    require(account);
    return dropTokens(account, admin, AuthEventType.TOKEN_REVOKED, "cache flushed");
  }

  /** Drops the account's cached tokens and audits why; returns how many. */
  private int dropTokens(String account, String admin, AuthEventType type, String reason) {
    int dropped = broker.invalidate(account);
    audit.tokensDropped(type, admin, account, reason, dropped);
    return dropped;
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
