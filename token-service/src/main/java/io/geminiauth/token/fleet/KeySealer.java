package io.geminiauth.token.fleet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets before they are stored in the shared database: AES-256-GCM with a random 96-bit
 * nonce, the account as associated data (a sealed key moved to another account's row does not
 * open), and the sealing key's id stored beside the ciphertext so that a rotated sealing key is
 * recognised rather than mistaken for tampering.
 */
public final class KeySealer {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private final SecretKey key;
  private final String keyId;
  private final SecureRandom random = new SecureRandom();

  private KeySealer(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
    this.keyId = id(key);
  }

  /** The sealer of {@code base64Key} (32 bytes); refuses anything else, saying what it needs. */
  public static KeySealer of(String base64Key) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("token.fleet.sealing-key is not base64");
    }
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "token.fleet.sealing-key must be 32 bytes (AES-256) in base64, e.g. from"
              + " `openssl rand -base64 32`; it is "
              + key.length
              + " bytes");
    }
    return new KeySealer(key);
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
          "sealed with key " + sealedWith + ", but token.fleet.sealing-key is " + keyId);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a sealed key did not open: altered, or another account's");
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
