package io.geminiauth.audit.query;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** The opaque keyset position of a page's last event: its time and id. */
public record Cursor(Instant time, UUID id) {

  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((time + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  public static Cursor decode(String text) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
      return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
    } catch (RuntimeException e) {
      throw new GoogleApiException(
          GoogleError.invalidArgument("cursor is not one this service handed out."));
    }
  }
}
