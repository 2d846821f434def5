package io.geminiauth.token.credential;

import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A parsed service-account key: who it is, which key, where it mints, and the private key itself.
 * Its {@code toString()} never prints the key.
 *
 * @param clientEmail the account ({@code client_email})
 * @param keyId {@code private_key_id}, the JWT's {@code kid}
 * @param privateKey the RSA private key
 * @param tokenUri where the JWT-bearer grant is posted ({@code token_uri})
 * @param projectId {@code project_id}, may be null
 * @param origin where it came from (a file path, an environment variable, the admin API)
 * @param created when the key was made: IAM's {@code validAfterTime} once Google has said, until
 *     then the file's time, or the load time
 */
public record ServiceAccountKey(
    String clientEmail,
    String keyId,
    RSAPrivateKey privateKey,
    URI tokenUri,
    String projectId,
    String origin,
    Instant created) {

  public ServiceAccountKey {
    Objects.requireNonNull(clientEmail, "clientEmail");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(tokenUri, "tokenUri");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(created, "created");
  }

  /** This key, made at {@code madeAt} (as Google says). */
  public ServiceAccountKey madeAt(Instant madeAt) {
    return new ServiceAccountKey(
        clientEmail, keyId, privateKey, tokenUri, projectId, origin, madeAt);
  }

  @Override
  public String toString() {
    return "ServiceAccountKey[client_email="
        + clientEmail
        + ", private_key_id="
        + keyId
        + ", origin="
        + origin
        + ", private_key=[REDACTED]]";
  }
}
