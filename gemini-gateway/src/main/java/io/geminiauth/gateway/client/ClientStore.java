package io.geminiauth.gateway.client;

import io.geminiauth.common.fleet.Connections;
import io.geminiauth.common.fleet.SqlStates;
import io.geminiauth.gateway.GatewayDatabase.StateChannel;
import io.geminiauth.gateway.ModelPatterns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Clients made through the admin API ({@code gateway_client}, H2 or PostgreSQL), in plain JDBC.
 * Every write announces itself to the other replicas.
 */
public final class ClientStore {
  private final Connections connections;
  private final StateChannel channel;

  public ClientStore(Connections connections, StateChannel channel) {
    this.connections = connections;
    this.channel = channel;
  }

  /** A stored client: its settings, whether it is disabled, and who changed it last, when. */
  public record StoredClient(
      Client client, boolean disabled, String changedBy, Instant changedAt) {}

  public List<StoredClient> all() throws SQLException {
    try (Connection c = connections.open();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT name, models, requests_per_minute, max_concurrent, daily_token_budget,"
                    + " project_wide, disabled, changed_by, changed_at FROM gateway_client"
                    + " ORDER BY name");
        ResultSet rows = select.executeQuery()) {
      List<StoredClient> clients = new ArrayList<>();
      while (rows.next()) {
        clients.add(
            new StoredClient(
                new Client(
                    rows.getString(1),
                    ModelPatterns.of(Arrays.asList(rows.getString(2).split(","))),
                    rows.getInt(3),
                    rows.getInt(4),
                    rows.getLong(5),
                    rows.getBoolean(6)),
                rows.getBoolean(7),
                rows.getString(8),
                rows.getTimestamp(9).toInstant()));
      }
      return clients;
    }
  }

  /** Stores a new client; false when one of that name is stored already. */
  public boolean insert(StoredClient stored) throws SQLException {
    return write(
        "INSERT INTO gateway_client (models, requests_per_minute, max_concurrent,"
            + " daily_token_budget, project_wide, disabled, changed_by, changed_at, name)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        stored);
  }

  /** Replaces a stored client's settings; false when there is none of that name. */
  public boolean update(StoredClient stored) throws SQLException {
    return write(
        "UPDATE gateway_client SET models = ?, requests_per_minute = ?, max_concurrent = ?,"
            + " daily_token_budget = ?, project_wide = ?, disabled = ?, changed_by = ?,"
            + " changed_at = ? WHERE name = ?",
        stored);
  }

  public boolean delete(String name) throws SQLException {
    try (Connection c = connections.open()) {
      c.setAutoCommit(false);
      try (PreparedStatement delete =
          c.prepareStatement("DELETE FROM gateway_client WHERE name = ?")) {
        delete.setString(1, name);
        boolean deleted = delete.executeUpdate() == 1;
        channel.announce(c);
        c.commit();
        return deleted;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private boolean write(String sql, StoredClient stored) throws SQLException {
    Client client = stored.client();
    try (Connection c = connections.open()) {
      c.setAutoCommit(false);
      try (PreparedStatement write = c.prepareStatement(sql)) {
        write.setString(1, String.join(",", client.models().patterns()));
        write.setInt(2, client.requestsPerMinute());
        write.setInt(3, client.maxConcurrent());
        write.setLong(4, client.dailyTokenBudget());
        write.setBoolean(5, client.projectWide());
        write.setBoolean(6, stored.disabled());
        write.setString(7, stored.changedBy());
        write.setTimestamp(8, Timestamp.from(stored.changedAt()));
        write.setString(9, client.name());
        boolean written = write.executeUpdate() == 1;
        channel.announce(c);
        c.commit();
        return written;
      } catch (SQLException e) {
        c.rollback();
        if (SqlStates.uniqueViolation(e)) {
          return false; // the name is taken
        }
        throw e;
      }
    }
  }
}
