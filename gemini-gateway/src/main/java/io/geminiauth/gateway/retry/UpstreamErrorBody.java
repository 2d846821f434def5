package io.geminiauth.gateway.retry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.common.error.ErrorDetail;
import io.geminiauth.common.error.ProtoDurations;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads what an upstream's error answer says about itself: how long to wait ({@code RetryInfo} in
 * the Google error body, else a {@code Retry-After} header in seconds) and the {@code ErrorInfo}
 * reason. Read as a tree, not as our error type: Google sends detail types we do not model.
 */
public final class UpstreamErrorBody {
  private UpstreamErrorBody() {}

  /** The wait the answer asks for, if it asks. */
  public static Optional<Duration> retryDelay(MultiMap headers, Buffer body, ObjectMapper mapper) {
    for (JsonNode detail : details(body, mapper)) {
      if (ErrorDetail.RetryInfo.TYPE.equals(detail.path("@type").asText())) {
        try {
          return Optional.of(ProtoDurations.parse(detail.path("retryDelay").asText()));
        } catch (IllegalArgumentException e) {
          break;
        }
      }
    }
    String retryAfter = headers == null ? null : headers.get("Retry-After");
    if (retryAfter != null) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter.trim())));
      } catch (NumberFormatException e) {
        // An HTTP date: Google does not send those; wait by our own backoff instead.
      }
    }
    return Optional.empty();
  }

  /** The {@code ErrorInfo} reason of a Google error body, if it has one. */
  public static Optional<String> reason(Buffer body, ObjectMapper mapper) {
    for (JsonNode detail : details(body, mapper)) {
      if (ErrorDetail.ErrorInfo.TYPE.equals(detail.path("@type").asText())) {
        return Optional.of(detail.path("reason").asText());
      }
    }
    return Optional.empty();
  }

  private static Iterable<JsonNode> details(Buffer body, ObjectMapper mapper) {
    if (body == null || body.length() == 0) {
      return java.util.List.of();
    }
    try {
      return mapper.readTree(body.getBytes()).path("error").path("details");
    } catch (IOException e) {
      return java.util.List.of();
    }
  }
}
