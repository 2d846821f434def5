package io.geminiauth.token.intake;

import io.geminiauth.common.token.AccessToken;
import io.geminiauth.token.credential.Credential;
import io.geminiauth.token.credential.ServiceAccountKey;
import io.geminiauth.token.mint.IamKeys;
import io.geminiauth.token.mint.MintFailure;
import io.geminiauth.token.mint.Minter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Proves a key before it serves: it must mint a token at its token endpoint. With that token the
 * service asks IAM when Google made the key ({@code keys.get}, {@code validAfterTime}), so that a
 * key's age survives a re-mounted file; an account without {@code iam.serviceAccountKeys.get} on
 * itself keeps the file's time. The same proof for a key added or rotated through the admin API and
 * for a file that replaces another's key in the key directory.
 */
@ApplicationScoped
public class KeyVerification {
  private static final Logger LOG = Logger.getLogger(KeyVerification.class);

  /** Why a key was not proven: Google's refusal or an endpoint that could not be reached. */
  public static final class Failed extends Exception {
    Failed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Minter minter;
  private final IamKeys iamKeys;

  public KeyVerification(Minter minter, IamKeys iamKeys) {
    this.minter = minter;
    this.iamKeys = iamKeys;
  }

  /** {@code key} once it has minted, with Google's creation time when IAM gives it. */
  public ServiceAccountKey verify(ServiceAccountKey key) throws Failed {
    AccessToken token;
    try {
      token = minter.mint(new Credential.Key(key), List.of(Minter.CLOUD_PLATFORM), a -> null);
    } catch (MintFailure | CircuitBreakerOpenException e) {
      throw new Failed(e.getMessage(), e);
    }
    Optional<Instant> madeAt = iamKeys.madeAt(key.clientEmail(), key.keyId(), token);
    if (madeAt.isEmpty()) {
      LOG.infof(
          "IAM did not say when key %s of %s was made: its age counts from %s",
          key.keyId(), key.clientEmail(), key.created());
    }
    return madeAt.map(key::madeAt).orElse(key);
  }
}
