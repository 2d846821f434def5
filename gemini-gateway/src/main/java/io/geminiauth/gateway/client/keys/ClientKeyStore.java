package io.geminiauth.gateway.client.keys;

import io.geminiauth.common.fleet.Connections;
import io.geminiauth.gateway.GatewayDatabase.StateChannel;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Issued client keys in the gateway's database (H2 embedded, PostgreSQL in production), in plain
 * JDBC over whichever connection source it is given, so that the same code is tested on both.
 */
@Singleton
public class ClientKeyStore {
  private final Connections connections;
  private final StateChannel channel;

  public ClientKeyStore(Connections connections, StateChannel channel) {
    this.connections = connections;
    this.channel = channel;
  }

  public void insert(IssuedKey key) throws SQLException {
    try (Connection c = connections.open();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO client_key (id, client, key_hash, created_at, created_by, expires_at,"
                    + " revoked_at, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, key.id());
      insert.setString(2, key.client());
      insert.setString(3, key.keyHash());
      insert.setTimestamp(4, Timestamp.from(key.createdAt()));
      insert.setString(5, key.createdBy());
      insert.setTimestamp(6, key.expiresAt() == null ? null : Timestamp.from(key.expiresAt()));
      insert.setTimestamp(7, null);
      insert.setString(8, key.description());
      insert.executeUpdate();
      channel.announce(c);
    }
  }

  /** Every key, newest first. */
  public List<IssuedKey> all() throws SQLException {
    try (Connection c = connections.open();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT id, client, key_hash, created_at, created_by, expires_at, revoked_at,"
                    + " description FROM client_key ORDER BY created_at DESC, id");
        ResultSet rows = select.executeQuery()) {
      List<IssuedKey> keys = new ArrayList<>();
      while (rows.next()) {
        keys.add(
            new IssuedKey(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3).trim(),
                rows.getTimestamp(4).toInstant(),
                rows.getString(5),
                instant(rows.getTimestamp(6)),
                instant(rows.getTimestamp(7)),
                rows.getString(8)));
      }
      return keys;
    }
  }

  /** Marks a key revoked (once: a second revocation keeps the first time); false if unknown. */
  public boolean revoke(String id, Instant at) throws SQLException {
    try (Connection c = connections.open();
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE client_key SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
      update.setTimestamp(1, Timestamp.from(at));
      update.setString(2, id);
      boolean revoked = update.executeUpdate() == 1;
      if (revoked) {
        channel.announce(c); // every replica refuses it within milliseconds
      }
      return revoked;
    }
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
