package io.geminiauth.common.redact;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How the suite stores static client keys: only their SHA-256, in lower-case hex. Configuration
 * holds hashes ({@code printf %s "$KEY" | sha256sum}); a presented key is hashed and looked up.
 */
public final class KeyHashes {
  private KeyHashes() {}

  public static String sha256Hex(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
