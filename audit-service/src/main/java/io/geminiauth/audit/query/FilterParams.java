package io.geminiauth.audit.query;

import io.geminiauth.audit.store.EventQuery;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.Outcome;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/** The filters that list, export and stats share: any combination, all optional. */
public class FilterParams {
  @QueryParam("type")
  String type;

  @QueryParam("outcome")
  String outcome;

  @QueryParam("principal")
  String principal;

  @QueryParam("subject")
  String subject;

  @QueryParam("source")
  String source;

  @QueryParam("from")
  String from;

  @QueryParam("to")
  String to;

  /** The query for these filters, after the given keyset position, at most {@code limit} rows. */
  EventQuery toQuery(Instant afterTime, UUID afterId, int limit) {
    return new EventQuery(
        parseEnum(AuthEventType.class, "type", type),
        parseEnum(Outcome.class, "outcome", outcome),
        text("principal", principal),
        text("subject", subject),
        text("source", source),
        QueryParams.time("from", from),
        QueryParams.time("to", to),
        afterTime,
        afterId,
        limit);
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw QueryParams.invalid(
          field, "must be one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  /**
   * A text filter, or null when blank. No stored event holds a control character (the event rules
   * refuse them), and PostgreSQL refuses a NUL in a parameter outright: such a filter is a 400.
   */
  private static String text(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw QueryParams.invalid(field, "must not contain control characters");
    }
    return value;
  }
}
