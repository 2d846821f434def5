package io.geminiauth.emulator.iam;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.emulator.account.KeyState;
import io.geminiauth.emulator.account.ServiceAccount;
import io.geminiauth.emulator.account.ServiceAccountKey;
import io.geminiauth.emulator.account.ServiceAccountRegistry;
import io.geminiauth.emulator.oauth.IssuedToken;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * IAM {@code projects.serviceAccounts.keys.get}: a key's metadata, its {@code validAfterTime} (when
 * Google made it) above all, never key material. The caller needs {@code
 * iam.serviceAccountKeys.get} on the account: here, the account itself or a holder of Token Creator
 * on it. Served under {@link IamCredentialsResource}'s path ({@code projects/-/serviceAccounts}):
 * the emulator answers both APIs on one origin.
 */
@ApplicationScoped
public class IamKeyMetadata {
  private static final String PERMISSION = "iam.serviceAccountKeys.get";

  private final IamCallers callers;
  private final ServiceAccountRegistry accounts;
  private final TokenCreatorGrants grants;
  private final Clock clock;

  public IamKeyMetadata(
      IamCallers callers, ServiceAccountRegistry accounts, TokenCreatorGrants grants, Clock clock) {
    this.callers = callers;
    this.accounts = accounts;
    this.grants = grants;
    this.clock = clock;
  }

  /** A key as IAM describes it. */
  public record KeyMetadata(
      String name,
      String validAfterTime,
      String validBeforeTime,
      String keyAlgorithm,
      String keyOrigin,
      String keyType,
      boolean disabled) {}

  public KeyMetadata get(String email, String keyId, String authorization) {
    IssuedToken caller = callers.require(authorization, clock.instant());
    ServiceAccount account = accounts.find(email).orElse(null);
    if (account == null
        || !(caller.principal().equals(email) || grants.allowed(caller.principal(), email))) {
      throw IamCallers.denied(PERMISSION, email);
    }
    ServiceAccountKey key =
        account
            .key(keyId)
            .orElseThrow(
                () ->
                    new GoogleApiException(
                        GoogleError.notFound(
                            "Service account key "
                                + keyId
                                + " does not exist for "
                                + email
                                + ".")));
    return new KeyMetadata(
        "projects/" + account.projectId() + "/serviceAccounts/" + email + "/keys/" + keyId,
        key.created().truncatedTo(ChronoUnit.SECONDS).toString(),
        "9999-12-31T23:59:59Z",
        "KEY_ALG_RSA_2048",
        "GOOGLE_PROVIDED",
        "USER_MANAGED",
        key.state() != KeyState.ACTIVE);
  }
}
