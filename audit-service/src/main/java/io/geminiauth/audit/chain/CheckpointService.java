package io.geminiauth.audit.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.audit.store.ChainHead;
import io.geminiauth.audit.store.Database;
import io.geminiauth.audit.store.EventStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Periodically signs every chain's head into a checkpoint. A checkpoint binds the writers' chains
 * together and exposes any chain cut short after it; exported, it lets an auditor keep proof
 * outside the database.
 */
@ApplicationScoped
public class CheckpointService {
  /** A signed checkpoint as stored and exported. */
  public record Checkpoint(
      long id, Instant createdAt, String payload, String keyId, String signature) {}

  /** The signed statement: when, each chain's head, and where retention made each chain start. */
  public record Payload(Instant createdAt, List<ChainHead> heads, List<ChainHead> bases) {
    public Payload {
      bases = bases == null ? List.of() : bases;
    }
  }

  /** A public key that signed checkpoints. */
  public record SigningKey(String keyId, String algorithm, String publicKey, Instant createdAt) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
          .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final EventStore store;
  private final Database database;
  private final CheckpointSigner signer;
  private final Clock clock;
  private volatile Payload lastSigned = new Payload(null, List.of(), List.of());

  public CheckpointService(
      EventStore store, Database database, CheckpointSigner signer, Clock clock) {
    this.store = store;
    this.database = database;
    this.signer = signer;
    this.clock = clock;
  }

  void registerKey(@Observes StartupEvent start) throws SQLException {
    try (Connection c = database.connection();
        PreparedStatement find =
            c.prepareStatement("SELECT 1 FROM audit_signing_key WHERE key_id = ?")) {
      find.setString(1, signer.keyId());
      try (ResultSet rs = find.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO audit_signing_key (key_id, algorithm, public_key, created_at)"
                  + " VALUES (?,?,?,?)")) {
        insert.setString(1, signer.keyId());
        insert.setString(2, CheckpointSigner.ALGORITHM);
        insert.setString(3, signer.publicKeyBase64());
        insert.setObject(4, clock.instant().atOffset(ZoneOffset.UTC));
        insert.executeUpdate();
      }
    }
  }

  @Scheduled(
      every = "${audit.checkpoint.interval}",
      delayed = "${audit.checkpoint.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() throws SQLException {
    checkpoint();
  }

  /** Signs the current heads, unless nothing changed since the last checkpoint of this process. */
  public void checkpoint() throws SQLException {
    checkpoint(List.of());
  }

  /**
   * Signs the current heads and bases, with {@code plannedBases} in place of the recorded base of
   * their chains: retention signs where it is about to cut before it cuts.
   */
  public synchronized void checkpoint(List<ChainHead> plannedBases) throws SQLException {
    List<ChainHead> heads = store.heads();
    java.util.Map<String, ChainHead> merged = new java.util.TreeMap<>(store.bases());
    plannedBases.forEach(b -> merged.put(b.chainId(), b));
    List<ChainHead> bases = List.copyOf(merged.values());
    if (heads.isEmpty() || (heads.equals(lastSigned.heads()) && bases.equals(lastSigned.bases()))) {
      return;
    }
    Instant now = clock.instant();
    Payload signed = new Payload(now, heads, bases);
    String payload = write(signed);
    try (Connection c = database.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO audit_checkpoint (created_at, payload, key_id, signature)"
                    + " VALUES (?,?,?,?)")) {
      ps.setObject(1, now.atOffset(ZoneOffset.UTC));
      ps.setString(2, payload);
      ps.setString(3, signer.keyId());
      ps.setString(4, signer.sign(payload));
      ps.executeUpdate();
    }
    lastSigned = signed;
  }

  public List<Checkpoint> checkpoints() throws SQLException {
    List<Checkpoint> all = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, created_at, payload, key_id, signature FROM audit_checkpoint ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        all.add(
            new Checkpoint(
                rs.getLong(1),
                rs.getObject(2, java.time.OffsetDateTime.class).toInstant(),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5)));
      }
    }
    return all;
  }

  public List<SigningKey> keys() throws SQLException {
    List<SigningKey> all = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT key_id, algorithm, public_key, created_at FROM audit_signing_key ORDER BY"
                    + " created_at");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        all.add(
            new SigningKey(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getObject(4, java.time.OffsetDateTime.class).toInstant()));
      }
    }
    return all;
  }

  public static Payload read(String payload) {
    try {
      return JSON.readValue(payload, Payload.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a checkpoint payload", e);
    }
  }

  private static String write(Payload payload) {
    try {
      return JSON.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
