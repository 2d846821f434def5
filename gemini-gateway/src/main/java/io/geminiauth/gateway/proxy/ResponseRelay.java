package io.geminiauth.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.GatewayErrors;
import io.geminiauth.gateway.upstream.Answer;
import io.geminiauth.gateway.usage.UsageScanner;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * Writes an upstream answer to the client. A streaming answer is copied part by part as it arrives,
 * with back-pressure both ways; a silence longer than the idle timeout (watched in streams only: a
 * call answered whole has its total timeout), or an upstream that breaks off, ends it: an event
 * stream gets a last {@code data:} event holding Google's error (what Google itself sends
 * mid-stream), any other body is cut, so the client sees it incomplete. {@code throughGateway}
 * turns an upload URL of the upstream into the gateway's (resumable uploads).
 */
@Singleton
public class ResponseRelay {
  private final Vertx vertx;
  private final ObjectMapper mapper;
  private final Duration idleTimeout;

  public ResponseRelay(Vertx vertx, ObjectMapper mapper, GatewayConfig config) {
    this.vertx = vertx;
    this.mapper = mapper;
    this.idleTimeout = config.resilience().idleTimeout();
  }

  /** Writes a final answer read whole. */
  static void complete(
      Answer.Complete answer, HttpServerResponse client, UnaryOperator<String> throughGateway) {
    client.setStatusCode(answer.status());
    Headers.copyAnswer(answer.headers(), client.headers(), false, throughGateway);
    client.end(answer.body());
  }

  /**
   * Copies an answer whose body is still to come, reading its token counts into {@code usage} on
   * the way, and ending it after a silence longer than the idle timeout when {@code watchGaps}; the
   * stage completes when the client's answer has ended, however it ended.
   */
  CompletionStage<Void> stream(
      HttpClientResponse upstream,
      HttpServerResponse client,
      UnaryOperator<String> throughGateway,
      UsageScanner usage,
      boolean watchGaps) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    client.setStatusCode(upstream.statusCode());
    client.setStatusMessage(upstream.statusMessage());
    Headers.copyAnswer(upstream.headers(), client.headers(), true, throughGateway);
    if (upstream.getHeader("Content-Length") == null) {
      client.setChunked(true);
    }
    boolean events =
        String.valueOf(upstream.getHeader("Content-Type")).startsWith("text/event-stream");
    IdleTimer idle = new IdleTimer(upstream, client, events, watchGaps, done);
    upstream.handler(
        chunk -> {
          idle.touch();
          usage.feed(chunk);
          client.write(chunk);
          if (client.writeQueueFull()) {
            upstream.pause();
            client.drainHandler(v -> upstream.resume());
          }
        });
    upstream.exceptionHandler(e -> idle.breakOff(GatewayErrors.streamBrokeOff()));
    upstream.endHandler(
        v -> {
          idle.cancel();
          if (!client.ended()) {
            client.end();
          }
          done.complete(null);
        });
    idle.touch();
    upstream.resume();
    return done;
  }

  /** Watches the gaps between parts; ends the relay when one is too long. */
  private final class IdleTimer {
    private final HttpClientResponse upstream;
    private final HttpServerResponse client;
    private final boolean events;
    private final boolean watching;
    private final CompletableFuture<Void> done;
    private long timer = -1;
    private volatile long lastActivity;

    IdleTimer(
        HttpClientResponse upstream,
        HttpServerResponse client,
        boolean events,
        boolean watching,
        CompletableFuture<Void> done) {
      this.upstream = upstream;
      this.client = client;
      this.events = events;
      this.watching = watching;
      this.done = done;
    }

    /** Notes activity; the timer checks the time of the last one when it fires. */
    void touch() {
      if (!watching) {
        return;
      }
      lastActivity = System.nanoTime();
      if (timer < 0) {
        arm(idleTimeout.toMillis());
      }
    }

    // One timer per answer, re-armed for the time left when it fires, rather than a new timer
    // per part: a stream of many small events would otherwise churn the timer wheel.
    private void arm(long millis) {
      timer =
          vertx.setTimer(
              Math.max(1, millis),
              id -> {
                long idle = (System.nanoTime() - lastActivity) / 1_000_000;
                if (idle < idleTimeout.toMillis()) {
                  arm(idleTimeout.toMillis() - idle);
                  return;
                }
                timer = -1;
                // The client's last event first: the reset makes the upstream report a broken
                // stream, which must not take the place of the reason.
                breakOff(GatewayErrors.streamIdle(idleTimeout));
                upstream.request().reset();
              });
    }

    void cancel() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    void breakOff(GoogleError error) {
      cancel();
      if (!client.ended() && !client.closed()) {
        if (events) {
          try {
            client.end(
                Buffer.buffer("data: ")
                    .appendBytes(mapper.writeValueAsBytes(error))
                    .appendString("\r\n\r\n"));
          } catch (Exception e) {
            client.reset();
          }
        } else {
          client.reset();
        }
      }
      done.complete(null);
    }
  }
}
