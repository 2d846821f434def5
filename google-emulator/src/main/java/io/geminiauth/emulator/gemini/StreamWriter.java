package io.geminiauth.emulator.gemini;

import io.geminiauth.emulator.fault.Fault;
import io.geminiauth.emulator.fault.FaultInjectionFilter;
import io.geminiauth.emulator.fault.RequestCounters;
import io.geminiauth.emulator.http.JsonResponses;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Writes {@code streamGenerateContent} as the API does: with {@code alt=sse}, one {@code data:
 * <response JSON>} event per chunk and a blank line, no {@code [DONE]}; otherwise a JSON array sent
 * piece by piece. Chunks are spaced by the configured gap; stream faults break, stall or drop the
 * stream after a given number of chunks. A client that goes away stops the stream and is counted as
 * {@code streamGenerateContent.cancelled}.
 */
@ApplicationScoped
public class StreamWriter {
  /** A stalled stream is closed after this long, so that nothing hangs forever. */
  private static final long STALL_LIMIT_MS = Duration.ofMinutes(5).toMillis();

  private final Vertx vertx;
  private final JsonResponses json;
  private final RequestCounters counters;

  public StreamWriter(Vertx vertx, JsonResponses json, RequestCounters counters) {
    this.vertx = vertx;
    this.json = json;
    this.counters = counters;
  }

  /** Streams the given responses, each already serialised. */
  public void stream(
      RoutingContext ctx, List<Buffer> chunks, boolean sse, Duration gap, Fault fault) {
    HttpServerResponse response = ctx.response();
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", sse ? "text/event-stream" : JsonResponses.JSON)
        .putHeader("Cache-Control", "no-cache");
    State state = new State();
    response.closeHandler(
        v -> {
          if (!state.finished) {
            state.finished = true;
            vertx.cancelTimer(state.timer);
            counters.increment("streamGenerateContent.cancelled");
          }
        });
    send(ctx, chunks, 0, sse, gap, fault, state);
  }

  private void send(
      RoutingContext ctx,
      List<Buffer> chunks,
      int index,
      boolean sse,
      Duration gap,
      Fault fault,
      State state) {
    HttpServerResponse response = ctx.response();
    if (state.finished) {
      return;
    }
    if (fault != null && fault.streamBreakAfter() != null && index == fault.streamBreakAfter()) {
      Buffer error = json.bytes(FaultInjectionFilter.errorFor(fault));
      response.write(frame(error, index, sse));
      finish(response, sse, state);
      return;
    }
    if (fault != null && fault.streamStallAfter() != null && index == fault.streamStallAfter()) {
      state.timer = vertx.setTimer(STALL_LIMIT_MS, id -> ctx.request().connection().close());
      return;
    }
    if (fault != null && fault.streamDropAfter() != null && index == fault.streamDropAfter()) {
      state.finished = true;
      ctx.request().connection().close();
      return;
    }
    response.write(frame(chunks.get(index), index, sse));
    if (index == chunks.size() - 1) {
      finish(response, sse, state);
    } else {
      state.timer =
          vertx.setTimer(
              Math.max(1, gap.toMillis()),
              id -> send(ctx, chunks, index + 1, sse, gap, fault, state));
    }
  }

  private static void finish(HttpServerResponse response, boolean sse, State state) {
    state.finished = true;
    response.end(sse ? Buffer.buffer() : Buffer.buffer("]"));
  }

  /** SSE: {@code data: <json>} and a blank line. JSON array: {@code [} or {@code ,} first. */
  private static Buffer frame(Buffer payload, int index, boolean sse) {
    if (sse) {
      return Buffer.buffer("data: ").appendBuffer(payload).appendString("\r\n\r\n");
    }
    return Buffer.buffer(index == 0 ? "[" : ",\r\n").appendBuffer(payload);
  }

  private static final class State {
    volatile boolean finished;
    volatile long timer = -1;
  }
}
