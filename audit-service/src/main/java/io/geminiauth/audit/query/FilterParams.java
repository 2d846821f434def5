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
        blankToNull(principal),
        blankToNull(subject),
        blankToNull(source),
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

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
