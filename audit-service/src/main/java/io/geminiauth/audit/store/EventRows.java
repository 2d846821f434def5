package io.geminiauth.audit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventJson;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.EventSource;
import io.geminiauth.common.event.Outcome;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Maps events to and from rows of {@code audit_event}: one column per field, JSON for lists. */
final class EventRows {
  static final String COLUMNS =
      "id, chain_id, seq, event_time, type, outcome, source_service, source_instance, principal,"
          + " subject, reason, scopes, caller_ip, user_agent, trace_id, attributes, ingested_at,"
          + " prev_hash, hash";
  static final String INSERT =
      "INSERT INTO audit_event (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private EventRows() {}

  static void bind(PreparedStatement ps, StoredEvent stored) throws SQLException {
    AuthEvent e = stored.event();
    ps.setObject(1, e.id());
    ps.setString(2, stored.chainId());
    ps.setLong(3, stored.seq());
    ps.setObject(4, utc(e.time()));
    ps.setString(5, e.type().name());
    ps.setString(6, e.outcome().name());
    ps.setString(7, e.source().service());
    nullable(ps, 8, e.source().instance());
    nullable(ps, 9, e.principal());
    nullable(ps, 10, e.subject());
    nullable(ps, 11, e.reason());
    nullable(ps, 12, e.scopes().isEmpty() ? null : json(e.scopes()));
    nullable(ps, 13, e.callerIp());
    nullable(ps, 14, e.userAgent());
    nullable(ps, 15, e.traceId());
    nullable(ps, 16, e.attributes().isEmpty() ? null : json(e.attributes()));
    ps.setObject(17, utc(stored.ingestedAt()));
    ps.setString(18, stored.prevHash());
    ps.setString(19, stored.hash());
  }

  /**
   * The stored event of the current row. Throws {@link UnreadableRowException} when the row no
   * longer makes a valid event (it was edited behind the service's back).
   */
  static StoredEvent read(ResultSet rs) throws SQLException {
    UUID id = rs.getObject("id", UUID.class);
    try {
      AuthEvent event =
          new AuthEvent(
              id,
              instant(rs, "event_time"),
              AuthEventType.valueOf(rs.getString("type")),
              new EventSource(rs.getString("source_service"), rs.getString("source_instance")),
              rs.getString("principal"),
              rs.getString("subject"),
              Outcome.valueOf(rs.getString("outcome")),
              rs.getString("reason"),
              parse(rs.getString("scopes"), STRINGS),
              rs.getString("caller_ip"),
              rs.getString("user_agent"),
              rs.getString("trace_id"),
              parse(rs.getString("attributes"), STRING_MAP));
      return new StoredEvent(
          event,
          rs.getString("chain_id"),
          rs.getLong("seq"),
          instant(rs, "ingested_at"),
          rs.getString("prev_hash").trim(),
          rs.getString("hash").trim());
    } catch (RuntimeException e) {
      throw new UnreadableRowException(id, rs.getString("chain_id"), rs.getLong("seq"), e);
    }
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static void nullable(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  private static String json(Object value) {
    try {
      return AuthEventJson.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T parse(String json, TypeReference<T> type) {
    if (json == null) {
      return null;
    }
    try {
      return AuthEventJson.mapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable JSON column", e);
    }
  }
}
