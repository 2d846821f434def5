package io.geminiauth.common.redact;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * How the suite stores static client keys: only their SHA-256, in lower-case hex. Configuration
 * holds hashes ({@code printf %s "$KEY" | sha256sum}); a presented key is hashed and looked up.
 */
public final class KeyHashes {
  // One digest per thread: looking one up per call costs more than hashing a key (hot path).
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
          });

  private KeyHashes() {}

  /** A configured hash as lookups expect it: trimmed, lower-case hex. */
  public static String normalise(String hash) {
    return hash.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Inverts configured {@code name → hash} (e.g. {@code x.key-hashes.<caller>=<sha256>}) into the
   * lookup by hash that authenticating a presented key needs.
   */
  public static Map<String, String> namesByHash(Map<String, String> hashesByName) {
    Map<String, String> byHash = new HashMap<>();
    hashesByName.forEach((name, hash) -> byHash.put(normalise(hash), name));
    return Map.copyOf(byHash);
  }

  /**
   * The principal of a refusal for a presented key that is not known: {@code unknown-key:sha256:<12
   * hex>}. Not the key (12 hex digits of its hash cannot be turned back into it), but the same key
   * always gives the same name, so audit queries and per-principal alerts can tell the callers
   * apart.
   */
  public static String unknownKeyPrincipal(String key) {
    return "unknown-key:" + fingerprint(key);
  }

  /** A presented key's short name in audit events: {@code sha256:<first 12 hex of its hash>}. */
  public static String fingerprint(String key) {
    return "sha256:" + sha256Hex(key.trim()).substring(0, 12);
  }

  public static String sha256Hex(String key) {
    return sha256Hex(key.getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256Hex(byte[] bytes) {
    // digest() resets the instance, so the next call starts clean.
    return HexFormat.of().formatHex(SHA256.get().digest(bytes));
  }
}
