package io.geminiauth.emulator.fault;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What to do to one request instead of (or on top of) serving it normally. Several parts may be
 * combined: latency is added first, then the request is dropped, answered with an error, or served
 * with a broken stream.
 *
 * @param status answer with this HTTP status and a Google error body (0: serve normally)
 * @param message the error message; a default for the status when null
 * @param body a raw response body that replaces the generated one (e.g. an OAuth error)
 * @param retryDelay a protobuf duration ("30s") for a RetryInfo detail
 * @param retryAfter a Retry-After header value in seconds
 * @param latencyMs milliseconds to wait before acting
 * @param drop close the connection without answering
 * @param streamBreakAfter for streams: after this many chunks send an error event and end
 * @param streamStallAfter for streams: after this many chunks stop sending, without ending
 * @param streamDropAfter for streams: after this many chunks close the connection
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fault(
    Integer status,
    String message,
    String body,
    String retryDelay,
    Integer retryAfter,
    Integer latencyMs,
    Boolean drop,
    Integer streamBreakAfter,
    Integer streamStallAfter,
    Integer streamDropAfter) {

  public boolean answersWithError() {
    return status != null && status > 0;
  }

  public boolean drops() {
    return Boolean.TRUE.equals(drop);
  }

  /** Whether the fault acts inside a stream rather than before the request is served. */
  public boolean breaksStream() {
    return streamBreakAfter != null || streamStallAfter != null || streamDropAfter != null;
  }

  public int latency() {
    return latencyMs == null ? 0 : latencyMs;
  }
}
