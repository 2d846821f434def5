package io.geminiauth.audit.chain;

import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventJson;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** {@code hash = SHA-256(previous hash ‖ canonical event bytes)}, hex-encoded. */
public final class ChainHash {
  /** The previous hash of a chain's first event. */
  public static final String GENESIS = "0".repeat(64);

  private ChainHash() {}

  public static String next(String previousHash, AuthEvent event) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(HexFormat.of().parseHex(previousHash));
      digest.update(AuthEventJson.canonicalBytes(event));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
