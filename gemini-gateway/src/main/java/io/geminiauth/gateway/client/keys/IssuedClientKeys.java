package io.geminiauth.gateway.client.keys;

import io.geminiauth.common.error.FieldViolation;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.audit.GatewayAudit;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Client keys the gateway issues: {@code gwk_<id>_<secret>}, shown once, stored as SHA-256 in the
 * shared database, with an optional expiry, revocable. Requests look keys up in memory; the table
 * is re-read every {@code gateway.client-keys.refresh}, so a key issued or revoked on another
 * replica takes effect here within that time (at once on the replica that did it).
 */
@Singleton
public class IssuedClientKeys {
  private static final Logger LOG = Logger.getLogger(IssuedClientKeys.class);
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

  private final ClientKeyStore store;
  private final GatewayConfig config;
  private final GatewayAudit audit;
  private final Clock clock;
  private final Vertx vertx;
  private final SecureRandom random = new SecureRandom();
  private volatile Map<String, IssuedKey> byHash = Map.of();

  public IssuedClientKeys(
      ClientKeyStore store, GatewayConfig config, GatewayAudit audit, Clock clock, Vertx vertx) {
    this.store = store;
    this.config = config;
    this.audit = audit;
    this.clock = clock;
    this.vertx = vertx;
  }

  void start(@Observes StartupEvent start) {
    reload();
    vertx.setPeriodic(
        config.clientKeys().refresh().toMillis(),
        id -> vertx.executeBlocking(() -> reload(), false));
  }

  /** A key issued here, by the SHA-256 of its value. */
  public Optional<IssuedKey> find(String hash) {
    return Optional.ofNullable(byHash.get(hash));
  }

  /** A new key and its value, which is shown this once. */
  public record Issued(IssuedKey key, String value) {
    @Override
    public String toString() {
      return "Issued[" + key.id() + "]";
    }
  }

  /** The longest lifetime a key may be issued with: beyond it, ask for a key without expiry. */
  static final Duration MAX_LIFETIME = Duration.ofDays(3650);

  /**
   * Issues a key for {@code client} (which the caller has found to exist); {@code ttl} null for the
   * configured default.
   */
  public Issued issue(String client, Duration ttl, String description, String admin) {
    Duration lifetime = ttl != null ? ttl : config.clientKeys().defaultTtl().orElse(null);
    if (lifetime != null && (lifetime.isNegative() || lifetime.isZero())) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "ttlSeconds must be positive.",
              new FieldViolation("ttlSeconds", "must be positive")));
    }
    if (lifetime != null && lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "ttlSeconds must be at most " + MAX_LIFETIME.toSeconds() + " (10 years).",
              new FieldViolation("ttlSeconds", "must be at most " + MAX_LIFETIME.toSeconds())));
    }
    if (description != null && description.length() > 256) {
      throw new GoogleApiException(
          GoogleError.invalidArgument("description must be at most 256 characters."));
    }
    String id = randomString(10);
    String value = "gwk_" + id + "_" + randomString(32);
    Instant now = clock.instant();
    IssuedKey key =
        new IssuedKey(
            id,
            client,
            KeyHashes.sha256Hex(value),
            now,
            admin,
            lifetime == null ? null : now.plus(lifetime),
            null,
            description);
    try {
      store.insert(key);
    } catch (SQLException e) {
      throw unavailable(e);
    }
    remember(key);
    audit.clientKeyIssued(admin, key.id(), key.client(), key.expiresAt());
    return new Issued(key, value);
  }

  /** Revokes a key at once; false if there is none with that id. */
  public boolean revoke(String id, String admin) {
    boolean revoked;
    try {
      revoked = store.revoke(id, clock.instant());
    } catch (SQLException e) {
      throw unavailable(e);
    }
    if (revoked) {
      reload();
      audit.clientKeyRevoked(admin, id);
    }
    return revoked;
  }

  /** Every issued key, newest first (hashes included: the admin view leaves them out). */
  public List<IssuedKey> list() {
    try {
      return store.all();
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private synchronized void remember(IssuedKey key) {
    Map<String, IssuedKey> copy = new HashMap<>(byHash);
    copy.put(key.keyHash(), key);
    byHash = Map.copyOf(copy);
  }

  /** Re-reads the issued keys (also when another replica issued or revoked one). */
  public synchronized Void reload() {
    try {
      Map<String, IssuedKey> fresh = new HashMap<>();
      for (IssuedKey key : store.all()) {
        fresh.put(key.keyHash(), key);
      }
      byHash = Map.copyOf(fresh);
    } catch (SQLException e) {
      // Keep serving the keys known so far; the next refresh tries again.
      LOG.warnf("could not re-read issued client keys: %s", e.getMessage());
    }
    return null;
  }

  private String randomString(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  private static GoogleApiException unavailable(SQLException e) {
    LOG.errorf("client key store: %s", e.getMessage());
    return new GoogleApiException(
        GoogleError.unavailable(
            "The client key store is unavailable; retry later.", Duration.ofSeconds(5)),
        Duration.ofSeconds(5));
  }
}
