package io.geminiauth.common.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads an RFC 3339 timestamp with an explicit offset ({@code 2026-01-01T00:00:00Z}, {@code
 * 2026-01-01T01:00:00+01:00}); numbers and local times are refused rather than guessed at.
 */
public final class Rfc3339InstantDeserializer extends StdDeserializer<Instant> {

  public Rfc3339InstantDeserializer() {
    super(Instant.class);
  }

  @Override
  public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      return (Instant)
          context.handleUnexpectedToken(
              Instant.class,
              parser.currentToken(),
              parser,
              "must be an RFC 3339 timestamp string such as 2026-01-01T00:00:00Z");
    }
    return parse(parser.getText(), parser, context);
  }

  private static Instant parse(String text, JsonParser parser, DeserializationContext context)
      throws IOException {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return (Instant)
          context.handleWeirdStringValue(
              Instant.class,
              text,
              "must be an RFC 3339 timestamp with an offset, such as 2026-01-01T00:00:00Z");
    }
  }
}
