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

  /**
   * A whole number between {@code min} and {@code max}, {@code fallback} when absent. Taken as
   * text: a JAX-RS integer parameter that does not parse answers 404, which tells the client
   * nothing.
   */
  public static int limit(String field, String value, int fallback, int min, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      parsed = Integer.MIN_VALUE;
    }
    if (parsed < min || parsed > max) {
      throw invalid(field, "must be a whole number between " + min + " and " + max);
    }
    return parsed;
  }

  public static GoogleApiException invalid(String field, String description) {
    return new GoogleApiException(
        GoogleError.invalidArgument(
            field + " " + description + ".", new FieldViolation(field, description)));
  }
}
