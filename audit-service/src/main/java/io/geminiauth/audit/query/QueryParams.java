package io.geminiauth.audit.query;

import io.geminiauth.common.error.FieldViolation;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parsing of the query parameters the read endpoints share, with Google's 400 on bad input. */
public final class QueryParams {
  private QueryParams() {}

  /** An RFC 3339 time, as in events. */
  public static Instant time(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(field, "must be an RFC 3339 time such as 2026-01-01T00:00:00Z");
    }
  }

  public static GoogleApiException invalid(String field, String description) {
    return new GoogleApiException(
        GoogleError.invalidArgument(
            field + " " + description + ".", new FieldViolation(field, description)));
  }
}
