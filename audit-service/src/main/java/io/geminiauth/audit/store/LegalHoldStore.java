package io.geminiauth.audit.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The {@code legal_hold} table: rows are added and released, never deleted. */
@ApplicationScoped
public class LegalHoldStore {
  private final Database database;

  public LegalHoldStore(Database database) {
    this.database = database;
  }

  /** Every hold, newest first. */
  public List<LegalHold> all() throws SQLException {
    List<LegalHold> holds = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT id, reason, set_by, set_at, released_by, released_at FROM legal_hold"
                    + " ORDER BY set_at DESC, id");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        OffsetDateTime released = rows.getObject(6, OffsetDateTime.class);
        holds.add(
            new LegalHold(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getObject(4, OffsetDateTime.class).toInstant(),
                rows.getString(5),
                released == null ? null : released.toInstant()));
      }
    }
    return holds;
  }

  /** Whether any hold is in force. */
  public boolean anyActive() throws SQLException {
    try (Connection c = database.connection();
        PreparedStatement select =
            c.prepareStatement("SELECT 1 FROM legal_hold WHERE released_at IS NULL");
        ResultSet rows = select.executeQuery()) {
      return rows.next();
    }
  }

  public void insert(LegalHold hold) throws SQLException {
    try (Connection c = database.connection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO legal_hold (id, reason, set_by, set_at) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, hold.id());
      insert.setString(2, hold.reason());
      insert.setString(3, hold.setBy());
      insert.setObject(4, hold.setAt().atOffset(ZoneOffset.UTC));
      insert.executeUpdate();
    }
  }

  /** Releases an active hold; false when there is no such active hold. */
  public boolean release(String id, String by, Instant at) throws SQLException {
    try (Connection c = database.connection();
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE legal_hold SET released_by = ?, released_at = ? WHERE id = ? AND"
                    + " released_at IS NULL")) {
      update.setString(1, by);
      update.setObject(2, at.atOffset(ZoneOffset.UTC));
      update.setString(3, id);
      return update.executeUpdate() == 1;
    }
  }
}
