package io.geminiauth.emulator.account;

import java.security.interfaces.RSAPublicKey;
import java.time.Instant;

/**
 * The public half of a service-account key. The emulator forgets the private half once it has
 * handed out the key file, as Google does.
 */
public final class ServiceAccountKey {
  private final String keyId;
  private final RSAPublicKey publicKey;
  private final Instant created;
  private volatile KeyState state = KeyState.ACTIVE;

  ServiceAccountKey(String keyId, RSAPublicKey publicKey, Instant created) {
    this.keyId = keyId;
    this.publicKey = publicKey;
    this.created = created;
  }

  public String keyId() {
    return keyId;
  }

  public RSAPublicKey publicKey() {
    return publicKey;
  }

  public Instant created() {
    return created;
  }

  public KeyState state() {
    return state;
  }

  void state(KeyState state) {
    this.state = state;
  }

  public boolean active() {
    return state == KeyState.ACTIVE;
  }
}
