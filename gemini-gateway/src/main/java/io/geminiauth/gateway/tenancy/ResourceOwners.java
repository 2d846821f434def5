package io.geminiauth.gateway.tenancy;

import io.geminiauth.common.fleet.Connections;
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
 * Who made each project resource, in the gateway's database (H2 embedded, PostgreSQL in
 * production), so that every replica sees it: plain JDBC over the connection source it is given, so
 * that the same code is tested on both.
 */
@Singleton
public class ResourceOwners {
  /** The client that made a resource, and the upstream (project) that holds it. */
  public record Owner(String client, String upstream) {}

  private final Connections connections;

  public ResourceOwners(Connections connections) {
    this.connections = connections;
  }

  /**
   * Records that {@code client} made {@code name} on {@code upstream}; a second time is a no-op.
   */
  public void record(String name, String upstream, String client, Instant at) throws SQLException {
    try (Connection c = connections.open();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO owned_resource (name, upstream, client, created_at) VALUES (?, ?, ?,"
                    + " ?)")) {
      insert.setString(1, name);
      insert.setString(2, upstream);
      insert.setString(3, client);
      insert.setTimestamp(4, Timestamp.from(at));
      insert.executeUpdate();
    } catch (SQLException e) {
      // 23xxx: the row is there already (an answer relayed twice, another replica first).
      if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
        throw e;
      }
    }
  }

  /** The owners of {@code name}: none, or one per upstream holding a resource of that name. */
  public List<Owner> owners(String name) throws SQLException {
    try (Connection c = connections.open();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT client, upstream FROM owned_resource WHERE name = ? ORDER BY upstream")) {
      select.setString(1, name);
      try (ResultSet rows = select.executeQuery()) {
        List<Owner> owners = new ArrayList<>(1);
        while (rows.next()) {
          owners.add(new Owner(rows.getString(1), rows.getString(2)));
        }
        return owners;
      }
    }
  }

  /** Forgets {@code name} on {@code upstream} (deleted at Google). */
  public void forget(String name, String upstream) throws SQLException {
    try (Connection c = connections.open();
        PreparedStatement delete =
            c.prepareStatement("DELETE FROM owned_resource WHERE name = ? AND upstream = ?")) {
      delete.setString(1, name);
      delete.setString(2, upstream);
      delete.executeUpdate();
    }
  }
}
