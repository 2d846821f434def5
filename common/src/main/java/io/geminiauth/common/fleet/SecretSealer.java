package io.geminiauth.common.fleet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets (private keys, API keys) before they are stored in a shared database: AES-256-GCM
 * with a random 96-bit nonce, the row's owner as associated data (a sealed value moved to another
 * row does not open), and the sealing key's id stored beside the ciphertext so that a rotated
 * sealing key is recognised rather than mistaken for tampering.
 */
public final class SecretSealer {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private final SecretKey key;
  private final String keyId;
  private final String setting;
  private final SecureRandom random = new SecureRandom();

  private SecretSealer(byte[] key, String setting) {
    this.key = new SecretKeySpec(key, "AES");
    this.keyId = id(key);
    this.setting = setting;
  }

  /**
   * The sealer of a fleet's shared database: {@code base64Key} from the setting {@code setting}
   * (environment variable {@code env}), which must be set, since every replica needs the same key
   * to open what another stored; {@code what} says what it seals, in the refusal.
   */
  public static SecretSealer required(
      Optional<String> base64Key, String setting, String env, String what) {
    return of(
        base64Key.orElseThrow(
            () ->
                new IllegalStateException(
                    setting
                        + " ("
                        + env
                        + ") is required with PostgreSQL: it seals "
                        + what
                        + " stored there, and every replica needs the same one. Make one with"
                        + " `openssl rand -base64 32` and keep it in a secret")),
        setting);
  }

  /** A sealer with a key made now, for a process whose sealed values need not outlive it. */
  public static SecretSealer ephemeral(String setting) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new SecretSealer(key, setting);
  }

  /**
   * The sealer of {@code base64Key} (32 bytes) from the setting {@code setting}; refuses anything
   * else, naming the setting and what it needs, never echoing the value.
   */
  public static SecretSealer of(String base64Key, String setting) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + " is not base64");
    }
    if (key.length != 32) {
      throw new IllegalArgumentException(
          setting
              + " must be 32 bytes (AES-256) in base64, e.g. from `openssl rand -base64 32`; it is "
              + key.length
              + " bytes");
    }
    return new SecretSealer(key, setting);
  }

  /** The id stored beside each ciphertext: the first 8 bytes of the key's SHA-256, in hex. */
  public String keyId() {
    return keyId;
  }

  public byte[] seal(byte[] plain, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain);
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  /** Opens what {@link #seal} made with {@code sealedWith}; fails on any other key or context. */
  public byte[] open(byte[] sealed, String sealedWith, String context) {
    if (!keyId.equals(sealedWith)) {
      throw new IllegalStateException(
          "sealed with key " + sealedWith + ", but " + setting + " is " + keyId);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a sealed value did not open: altered, or another row's");
    }
  }

  private static String id(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
