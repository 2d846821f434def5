package io.geminiauth.gateway.upstream;

import io.geminiauth.common.fleet.Connections;
import io.geminiauth.common.fleet.SecretSealer;
import io.geminiauth.common.fleet.SqlStates;
import io.geminiauth.gateway.GatewayDatabase.StateChannel;
import io.geminiauth.gateway.credential.ApiKeyPool;
import io.geminiauth.gateway.credential.ApiKeyPool.KeyRecord;
import io.geminiauth.gateway.credential.ApiKeyPool.Status;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The fleet's record of upstream API keys ({@code upstream_key}, H2 or PostgreSQL) in plain JDBC.
 * An added key's value is sealed with the upstream and name as associated data; a retired key's
 * value is wiped and its row stays, so that nothing brings it back. Every write announces itself.
 */
public final class UpstreamKeyStore {
  private static final Logger LOG = Logger.getLogger(UpstreamKeyStore.class);
  private final Connections connections;
  private final SecretSealer sealer;
  private final StateChannel channel;
  // A row that cannot be opened is said once (a key sealed by an earlier run's start-up key).
  private final Set<String> unopened = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public UpstreamKeyStore(Connections connections, SecretSealer sealer, StateChannel channel) {
    this.connections = connections;
    this.sealer = sealer;
    this.channel = channel;
  }

  /** Every upstream's records, by upstream. */
  public Map<String, List<KeyRecord>> all() throws SQLException {
    Map<String, List<KeyRecord>> byUpstream = new HashMap<>();
    try (Connection c = connections.open();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT upstream, name, status, sealed_value, sealing_key_id FROM upstream_key");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String upstream = rows.getString(1);
        String name = rows.getString(2);
        byte[] sealed = rows.getBytes(4);
        String value = sealed == null ? null : open(upstream, name, sealed, rows.getString(5));
        byUpstream
            .computeIfAbsent(upstream, u -> new ArrayList<>())
            .add(new KeyRecord(name, Status.valueOf(rows.getString(3)), value));
      }
    }
    return byUpstream;
  }

  /**
   * Records an added key as a candidate under the next free name of {@code upstream} (after {@code
   * taken}, the configured names, and every name stored); returns the name.
   */
  public String addCandidate(
      String upstream, List<String> taken, String value, String by, Instant at)
      throws SQLException {
    for (int attempt = 0; ; attempt++) {
      String name = ApiKeyPool.NAME_PREFIX + (highestNumber(upstream, taken) + 1);
      try (Connection c = connections.open()) {
        c.setAutoCommit(false);
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO upstream_key (upstream, name, status, sealed_value, sealing_key_id,"
                    + " changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          insert.setString(1, upstream);
          insert.setString(2, name);
          insert.setString(3, Status.CANDIDATE.name());
          insert.setBytes(
              4, sealer.seal(value.getBytes(StandardCharsets.UTF_8), context(upstream, name)));
          insert.setString(5, sealer.keyId());
          insert.setString(6, by);
          insert.setTimestamp(7, Timestamp.from(at));
          insert.executeUpdate();
          channel.announce(c);
          c.commit();
          return name;
        } catch (SQLException e) {
          c.rollback();
          // Another replica took the name between our read and our insert: take the next.
          if (attempt >= 3 || !SqlStates.uniqueViolation(e)) {
            throw e;
          }
        }
      }
    }
  }

  /**
   * Sets a key's status where {@code from} allows it (null: any but retired); a configured key gets
   * its first row here. Retiring wipes the value. Returns false when the key is not in a state the
   * change applies to.
   */
  public boolean setStatus(
      String upstream,
      String name,
      Status from,
      Status to,
      boolean configured,
      String by,
      Instant at)
      throws SQLException {
    try (Connection c = connections.open()) {
      c.setAutoCommit(false);
      try {
        int changed;
        try (PreparedStatement update =
            c.prepareStatement(
                "UPDATE upstream_key SET status = ?, changed_by = ?, changed_at = ?"
                    + (to == Status.RETIRED ? ", sealed_value = NULL, sealing_key_id = NULL" : "")
                    + " WHERE upstream = ? AND name = ? AND "
                    + (from == null ? "status <> 'RETIRED'" : "status = ?"))) {
          update.setString(1, to.name());
          update.setString(2, by);
          update.setTimestamp(3, Timestamp.from(at));
          update.setString(4, upstream);
          update.setString(5, name);
          if (from != null) {
            update.setString(6, from.name());
          }
          changed = update.executeUpdate();
        }
        if (changed == 0 && configured && (from == null || from == Status.SERVING)) {
          changed = insertConfigured(c, upstream, name, to, by, at);
        }
        if (changed > 0) {
          channel.announce(c);
        }
        c.commit();
        return changed > 0;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** A configured key's first row, unless it has one (then nothing: its state is not serving). */
  private static int insertConfigured(
      Connection c, String upstream, String name, Status to, String by, Instant at)
      throws SQLException {
    try (PreparedStatement exists =
        c.prepareStatement("SELECT 1 FROM upstream_key WHERE upstream = ? AND name = ?")) {
      exists.setString(1, upstream);
      exists.setString(2, name);
      try (ResultSet row = exists.executeQuery()) {
        if (row.next()) {
          return 0;
        }
      }
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO upstream_key (upstream, name, status, changed_by, changed_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      insert.setString(1, upstream);
      insert.setString(2, name);
      insert.setString(3, to.name());
      insert.setString(4, by);
      insert.setTimestamp(5, Timestamp.from(at));
      return insert.executeUpdate();
    }
  }

  private int highestNumber(String upstream, List<String> taken) throws SQLException {
    Set<String> names = new HashSet<>(taken);
    try (Connection c = connections.open();
        PreparedStatement select =
            c.prepareStatement("SELECT name FROM upstream_key WHERE upstream = ?")) {
      select.setString(1, upstream);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    return names.stream().mapToInt(ApiKeyPool::number).max().orElse(0);
  }

  private String open(String upstream, String name, byte[] sealed, String sealedWith) {
    try {
      return new String(
          sealer.open(sealed, sealedWith, context(upstream, name)), StandardCharsets.UTF_8);
    } catch (IllegalStateException e) {
      if (unopened.add(upstream + "/" + name)) {
        LOG.warnf(
            "upstream %s: the stored key %s cannot be opened (%s); it does not serve",
            upstream, name, e.getMessage());
      }
      return null;
    }
  }

  private static String context(String upstream, String name) {
    return upstream + "/" + name;
  }
}
