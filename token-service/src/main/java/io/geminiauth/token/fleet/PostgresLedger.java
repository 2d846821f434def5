package io.geminiauth.token.fleet;

import io.geminiauth.common.fleet.ChangeFeed;
import io.geminiauth.common.fleet.Connections;
import io.geminiauth.common.fleet.SecretSealer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fleet's ledger in PostgreSQL. Writers take the table's lock for the insert, so that versions
 * become visible in the order they were numbered and a replica that has read version n never meets
 * a smaller one later. Each committed decision is announced on {@link #CHANNEL}.
 */
public final class PostgresLedger implements CredentialLedger {
  public static final String CHANNEL = "credential_decisions";
  private static final String COLUMNS =
      "version, account, action, key_id, retired_key_id, sealed_key, sealing_key_id, key_created,"
          + " decided_by, decided_at";

  private final Connections connections;
  private final SecretSealer sealer;
  private final Clock clock;

  public PostgresLedger(Connections connections, SecretSealer sealer, Clock clock) {
    this.connections = connections;
    this.sealer = sealer;
    this.clock = clock;
  }

  @Override
  public Decision record(Decision decision) {
    try (Connection c = connections.open()) {
      c.setAutoCommit(false);
      try {
        try (Statement lock = c.createStatement()) {
          lock.execute("LOCK TABLE credential_decision IN EXCLUSIVE MODE");
        }
        long version = insert(c, decision);
        if (decision.action() == Decision.Action.KEY) {
          // The replaced private key is of no further use to anyone: it does not stay stored.
          try (PreparedStatement wipe =
              c.prepareStatement(
                  "UPDATE credential_decision SET sealed_key = NULL, sealing_key_id = NULL"
                      + " WHERE account = ? AND version < ? AND sealed_key IS NOT NULL")) {
            wipe.setString(1, decision.account());
            wipe.setLong(2, version);
            wipe.executeUpdate();
          }
        }
        if (decision.retires().isPresent()) {
          try (PreparedStatement retire =
              c.prepareStatement(
                  "INSERT INTO retired_key (key_id, account, retired_at) VALUES (?, ?, ?)"
                      + " ON CONFLICT (key_id) DO NOTHING")) {
            retire.setString(1, decision.retires().get());
            retire.setString(2, decision.account());
            retire.setTimestamp(3, Timestamp.from(decision.decidedAt()));
            retire.executeUpdate();
          }
        }
        ChangeFeed.announce(c, CHANNEL);
        c.commit();
        return decision.numbered(version);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new LedgerUnavailable(e);
    }
  }

  private long insert(Connection c, Decision d) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO credential_decision (account, action, key_id, retired_key_id, sealed_key,"
                + " sealing_key_id, key_created, decided_by, decided_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING version")) {
      insert.setString(1, d.account());
      insert.setString(2, d.action().name());
      insert.setString(3, d.keyId());
      insert.setString(4, d.retiredKeyId());
      insert.setBytes(5, d.keyFile() == null ? null : sealer.seal(d.keyFile(), d.account()));
      insert.setString(6, d.keyFile() == null ? null : sealer.keyId());
      insert.setTimestamp(7, d.keyCreated() == null ? null : Timestamp.from(d.keyCreated()));
      insert.setString(8, d.decidedBy());
      insert.setTimestamp(9, Timestamp.from(d.decidedAt()));
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  @Override
  public List<Decision> latest() {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM (SELECT DISTINCT ON (account) * FROM credential_decision"
            + " WHERE action <> 'FLUSHED' ORDER BY account, version DESC) latest"
            + " ORDER BY version",
        -1);
  }

  @Override
  public List<Decision> since(long version) {
    return query(
        "SELECT " + COLUMNS + " FROM credential_decision WHERE version > ? ORDER BY version",
        version);
  }

  private List<Decision> query(String sql, long version) {
    try (Connection c = connections.open();
        PreparedStatement select = c.prepareStatement(sql)) {
      if (version >= 0) {
        select.setLong(1, version);
      }
      List<Decision> decisions = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          Decision.Action action = Decision.Action.valueOf(rows.getString("action"));
          byte[] sealed = rows.getBytes("sealed_key");
          if (action == Decision.Action.KEY && sealed == null) {
            continue; // replaced since: a later decision of the account follows
          }
          String account = rows.getString("account");
          Timestamp created = rows.getTimestamp("key_created");
          decisions.add(
              new Decision(
                  rows.getLong("version"),
                  account,
                  action,
                  rows.getString("key_id"),
                  rows.getString("retired_key_id"),
                  sealed == null
                      ? null
                      : sealer.open(sealed, rows.getString("sealing_key_id"), account),
                  created == null ? null : created.toInstant(),
                  rows.getString("decided_by"),
                  rows.getTimestamp("decided_at").toInstant()));
        }
      }
      return decisions;
    } catch (SQLException e) {
      throw new LedgerUnavailable(e);
    }
  }

  @Override
  public boolean retired(String keyId) {
    try (Connection c = connections.open();
        PreparedStatement select =
            c.prepareStatement("SELECT 1 FROM retired_key WHERE key_id = ?")) {
      select.setString(1, keyId);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    } catch (SQLException e) {
      throw new LedgerUnavailable(e);
    }
  }

  @Override
  public boolean claimAgeWarning(String keyId) {
    try (Connection c = connections.open();
        PreparedStatement claim =
            c.prepareStatement(
                "INSERT INTO key_age_warning (key_id, warned_at) VALUES (?, ?)"
                    + " ON CONFLICT (key_id) DO NOTHING")) {
      claim.setString(1, keyId);
      claim.setTimestamp(2, Timestamp.from(clock.instant()));
      return claim.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new LedgerUnavailable(e);
    }
  }

  @Override
  public AutoCloseable follow(Duration reconcile, Runnable catchUp) {
    return ChangeFeed.start(CHANNEL, connections, reconcile, catchUp);
  }
}
