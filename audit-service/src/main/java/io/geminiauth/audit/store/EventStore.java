package io.geminiauth.audit.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** Reads and writes {@code audit_event} and the chain heads with plain JDBC. */
@ApplicationScoped
public class EventStore {
  private final Database database;

  public EventStore(Database database) {
    this.database = database;
  }

  public Database database() {
    return database;
  }

  /** Inserts the events as one JDBC batch, on the caller's connection and transaction. */
  public void insert(Connection c, List<StoredEvent> events) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(EventRows.INSERT)) {
      for (StoredEvent event : events) {
        EventRows.bind(ps, event);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The stored events among these ids, by id. */
  public Map<UUID, StoredEvent> find(Connection c, Collection<UUID> ids) throws SQLException {
    Map<UUID, StoredEvent> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    // One array parameter: the same plan whatever the number of ids (an IN list is re-planned).
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + EventRows.COLUMNS + " FROM audit_event WHERE id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf(database.isPostgresql() ? "uuid" : "UUID", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          StoredEvent event = EventRows.read(rs);
          found.put(event.event().id(), event);
        }
      }
    }
    return found;
  }

  public Optional<StoredEvent> findById(UUID id) throws SQLException {
    try (Connection c = database.connection()) {
      return Optional.ofNullable(find(c, List.of(id)).get(id));
    }
  }

  /** A chain's last link, if the chain has any event. */
  public Optional<ChainHead> head(Connection c, String chainId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT seq, hash FROM audit_chain_head WHERE chain_id = ?")) {
      ps.setString(1, chainId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new ChainHead(chainId, rs.getLong(1), rs.getString(2).trim()))
            : Optional.empty();
      }
    }
  }

  /** Records a chain's new last link in the same transaction as the events. */
  public void saveHead(Connection c, ChainHead head, Instant now, boolean exists)
      throws SQLException {
    String sql =
        exists
            ? "UPDATE audit_chain_head SET seq = ?, hash = ?, updated_at = ? WHERE chain_id = ?"
            : "INSERT INTO audit_chain_head (seq, hash, updated_at, chain_id) VALUES (?,?,?,?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, head.seq());
      ps.setString(2, head.hash());
      ps.setObject(3, EventRows.utc(now));
      ps.setString(4, head.chainId());
      ps.executeUpdate();
    }
  }

  /** Every chain's recorded head. */
  public List<ChainHead> heads() throws SQLException {
    List<ChainHead> heads = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT chain_id, seq, hash FROM audit_chain_head ORDER BY chain_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        heads.add(new ChainHead(rs.getString(1), rs.getLong(2), rs.getString(3).trim()));
      }
    }
    return heads;
  }

  /** Each chain's base: the last link retention deleted, where the chain now starts. */
  public Map<String, ChainHead> bases() throws SQLException {
    Map<String, ChainHead> bases = new java.util.TreeMap<>();
    try (Connection c = database.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT chain_id, seq, hash FROM audit_chain_base");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        bases.put(
            rs.getString(1), new ChainHead(rs.getString(1), rs.getLong(2), rs.getString(3).trim()));
      }
    }
    return bases;
  }

  /** The last link of a chain ingested before {@code cutoff}: where retention would cut. */
  public Optional<ChainHead> lastLinkBefore(String chainId, Instant cutoff) throws SQLException {
    try (Connection c = database.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq, hash FROM audit_event WHERE chain_id = ? AND seq ="
                    + " (SELECT MAX(seq) FROM audit_event WHERE chain_id = ? AND ingested_at < ?)")) {
      ps.setString(1, chainId);
      ps.setString(2, chainId);
      ps.setObject(3, EventRows.utc(cutoff));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new ChainHead(chainId, rs.getLong(1), rs.getString(2).trim()))
            : Optional.empty();
      }
    }
  }

  /**
   * Deletes a chain's links up to and including {@code newBase}, and records it as the chain's
   * base, in one transaction; returns how many events were deleted.
   */
  public long cutChain(ChainHead newBase, Instant now) throws SQLException {
    try (Connection c = database.connection()) {
      c.setAutoCommit(false);
      try {
        long deleted;
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM audit_event WHERE chain_id = ? AND seq <= ?")) {
          ps.setString(1, newBase.chainId());
          ps.setLong(2, newBase.seq());
          deleted = ps.executeUpdate();
        }
        try (PreparedStatement del =
                c.prepareStatement("DELETE FROM audit_chain_base WHERE chain_id = ?");
            PreparedStatement ins =
                c.prepareStatement(
                    "INSERT INTO audit_chain_base (chain_id, seq, hash, cut_at) VALUES (?,?,?,?)")) {
          del.setString(1, newBase.chainId());
          del.executeUpdate();
          ins.setString(1, newBase.chainId());
          ins.setLong(2, newBase.seq());
          ins.setString(3, newBase.hash());
          ins.setObject(4, EventRows.utc(now));
          ins.executeUpdate();
        }
        c.commit();
        return deleted;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** The hash stored at one link of a chain, if that event still exists. */
  public Optional<String> hashAt(String chainId, long seq) throws SQLException {
    try (Connection c = database.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT hash FROM audit_event WHERE chain_id = ? AND seq = ?")) {
      ps.setString(1, chainId);
      ps.setLong(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1).trim()) : Optional.empty();
      }
    }
  }

  /** The ids of every chain with events. */
  public List<String> chainIds() throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT chain_id FROM audit_chain_head UNION SELECT chain_id FROM audit_chain_base"
                    + " UNION SELECT DISTINCT chain_id FROM audit_event");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  /**
   * Walks one chain in link order, calling {@code visitor} per row; rows that no longer make an
   * event arrive as {@link UnreadableRowException}s through {@code broken}.
   */
  public void walkChain(
      String chainId,
      Instant ingestedFrom,
      Instant ingestedTo,
      Consumer<StoredEvent> visitor,
      Consumer<UnreadableRowException> broken)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT " + EventRows.COLUMNS + " FROM audit_event WHERE chain_id = ?");
    if (ingestedFrom != null) {
      sql.append(" AND ingested_at >= ?");
    }
    if (ingestedTo != null) {
      sql.append(" AND ingested_at < ?");
    }
    sql.append(" ORDER BY seq");
    try (Connection c = database.connection()) {
      c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int i = 1;
        ps.setString(i++, chainId);
        if (ingestedFrom != null) {
          ps.setObject(i++, EventRows.utc(ingestedFrom));
        }
        if (ingestedTo != null) {
          ps.setObject(i, EventRows.utc(ingestedTo));
        }
        ps.setFetchSize(1000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            try {
              visitor.accept(EventRows.read(rs));
            } catch (UnreadableRowException e) {
              broken.accept(e);
            }
          }
        }
      } finally {
        c.rollback();
      }
    }
  }

  /** One page of a query, newest first, at most {@code limit + 1} rows (to see if more exist). */
  public List<StoredEvent> query(EventQuery q) throws SQLException {
    List<StoredEvent> page = new ArrayList<>();
    stream(q, page::add);
    return page;
  }

  /**
   * Every event a query selects, newest first, handed to {@code sink} as the rows arrive (never the
   * whole result in memory). {@code limit} 0 means no limit.
   */
  public void stream(EventQuery q, Consumer<StoredEvent> sink) throws SQLException {
    List<Object> args = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder("SELECT " + EventRows.COLUMNS + " FROM audit_event WHERE 1=1");
    sql.append(where(q, args));
    if (q.afterTime() != null) {
      // A row-value comparison, which an index on (…, event_time, id) can seek to directly.
      sql.append(" AND (event_time, id) < (?, ?)");
      args.add(EventRows.utc(q.afterTime()));
      args.add(q.afterId());
    }
    sql.append(" ORDER BY event_time DESC, id DESC");
    if (q.limit() > 0) {
      sql.append(" LIMIT ?");
      args.add(q.limit() + 1);
    }
    try (Connection c = database.connection()) {
      c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        bind(ps, args);
        ps.setFetchSize(500);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sink.accept(EventRows.read(rs));
          }
        }
      } finally {
        c.rollback();
      }
    }
  }

  /** Counts per time bucket and per value of the grouping columns, oldest bucket first. */
  public List<Map<String, Object>> stats(EventQuery q, List<String> groupBy, long bucketSeconds)
      throws SQLException {
    List<Object> args = new ArrayList<>();
    String bucket =
        "FLOOR(EXTRACT(EPOCH FROM event_time) / " + bucketSeconds + ") * " + bucketSeconds;
    List<String> columns = groupBy.stream().map(EventStore::column).toList();
    String groups = columns.isEmpty() ? "" : ", " + String.join(", ", columns);
    String sql =
        "SELECT "
            + bucket
            + " AS bucket"
            + groups
            + ", COUNT(*) AS n FROM audit_event WHERE 1=1"
            + where(q, args)
            + " GROUP BY "
            + bucket
            + groups
            + " ORDER BY bucket"
            + groups;
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new java.util.LinkedHashMap<>();
          row.put("bucket", Instant.ofEpochSecond(rs.getBigDecimal(1).longValue()));
          for (int i = 0; i < groupBy.size(); i++) {
            row.put(groupBy.get(i), rs.getString(i + 2));
          }
          row.put("count", rs.getLong(groupBy.size() + 2));
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** The column of a field one may group or filter by. */
  static String column(String field) {
    return switch (field) {
      case "type" -> "type";
      case "outcome" -> "outcome";
      case "principal" -> "principal";
      case "subject" -> "subject";
      case "source" -> "source_service";
      default -> throw new IllegalArgumentException("cannot group by " + field);
    };
  }

  private static String where(EventQuery q, List<Object> args) {
    StringBuilder sql = new StringBuilder();
    if (q.type() != null) {
      sql.append(" AND type = ?");
      args.add(q.type().name());
    }
    if (q.outcome() != null) {
      sql.append(" AND outcome = ?");
      args.add(q.outcome().name());
    }
    if (q.principal() != null) {
      sql.append(" AND principal = ?");
      args.add(q.principal());
    }
    if (q.subject() != null) {
      sql.append(" AND subject = ?");
      args.add(q.subject());
    }
    if (q.source() != null) {
      sql.append(" AND source_service = ?");
      args.add(q.source());
    }
    if (q.from() != null) {
      sql.append(" AND event_time >= ?");
      args.add(EventRows.utc(q.from()));
    }
    if (q.to() != null) {
      sql.append(" AND event_time < ?");
      args.add(EventRows.utc(q.to()));
    }
    return sql.toString();
  }

  private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
  }
}
