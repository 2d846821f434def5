package io.geminiauth.audit.alert;

import io.geminiauth.common.fleet.Connections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Failed and denied auth per scope and window in the shared store ({@code failure_count}): every
 * replica adds what it ingested, so counts and baselines are the fleet's. A few statements per
 * ingested batch, whatever the number of principals in it.
 */
public final class FailureCounts {
  private final Connections connections;
  private final boolean postgresql;

  public FailureCounts(Connections connections, boolean postgresql) {
    this.connections = connections;
    this.postgresql = postgresql;
  }

  /** Adds {@code deltas} (scope to count) to window {@code window}; returns the counts after. */
  public Map<String, Long> add(long window, Map<String, Long> deltas) throws SQLException {
    if (deltas.isEmpty()) {
      return Map.of();
    }
    try (Connection c = connections.open()) {
      // PostgreSQL's upsert is safe under concurrent replicas; H2 (one process) takes MERGE.
      String sql =
          postgresql
              ? "INSERT INTO failure_count (scope, window_index, event_count) VALUES (?, ?, ?)"
                  + " ON CONFLICT (scope, window_index)"
                  + " DO UPDATE SET event_count = failure_count.event_count + EXCLUDED.event_count"
              : "MERGE INTO failure_count t USING (VALUES (CAST(? AS VARCHAR(256)),"
                  + " CAST(? AS BIGINT), CAST(? AS BIGINT))) s (scope, window_index, n)"
                  + " ON t.scope = s.scope AND t.window_index = s.window_index"
                  + " WHEN MATCHED THEN UPDATE SET event_count = t.event_count + s.n"
                  + " WHEN NOT MATCHED THEN INSERT (scope, window_index, event_count)"
                  + " VALUES (s.scope, s.window_index, s.n)";
      // In a stable order, so that two replicas' batches lock the rows alike (no deadlock).
      List<String> scopes = deltas.keySet().stream().sorted().toList();
      try (PreparedStatement upsert = c.prepareStatement(sql)) {
        for (String scope : scopes) {
          upsert.setString(1, scope);
          upsert.setLong(2, window);
          upsert.setLong(3, deltas.get(scope));
          upsert.addBatch();
        }
        upsert.executeBatch();
      }
      return sums(c, deltas.keySet(), window, window + 1);
    }
  }

  /** The average count of each scope over the {@code windows} windows before {@code window}. */
  public Map<String, Double> baselines(long window, Set<String> scopes, int windows)
      throws SQLException {
    Map<String, Double> averages = new HashMap<>();
    try (Connection c = connections.open()) {
      sums(c, scopes, window - windows, window)
          .forEach((scope, sum) -> averages.put(scope, (double) sum / windows));
    }
    return averages;
  }

  /** Forgets windows before {@code window}: they are out of every baseline. */
  public void prune(long window) throws SQLException {
    try (Connection c = connections.open();
        PreparedStatement delete =
            c.prepareStatement("DELETE FROM failure_count WHERE window_index < ?")) {
      delete.setLong(1, window);
      delete.executeUpdate();
    }
  }

  private static Map<String, Long> sums(Connection c, Set<String> scopes, long from, long to)
      throws SQLException {
    Map<String, Long> sums = new HashMap<>();
    if (scopes.isEmpty()) {
      return sums;
    }
    String marks = String.join(",", java.util.Collections.nCopies(scopes.size(), "?"));
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT scope, SUM(event_count) FROM failure_count WHERE window_index >= ? AND"
                + " window_index < ? AND scope IN ("
                + marks
                + ") GROUP BY scope")) {
      select.setLong(1, from);
      select.setLong(2, to);
      int i = 3;
      for (String scope : scopes) {
        select.setString(i++, scope);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          sums.put(rows.getString(1), rows.getLong(2));
        }
      }
    }
    return sums;
  }
}
