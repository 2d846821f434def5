package io.geminiauth.testsupport;

import com.sun.net.httpserver.HttpServer;
import io.geminiauth.common.error.FieldViolation;
import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventJson;
import io.geminiauth.common.event.SecretFields;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The audit-service's ingestion endpoint as a producer sees it, on loopback: {@code POST
 * /v1/events} with NDJSON, the producer key checked, every line parsed with the suite's strict
 * event reader (an invalid event is refused with 400, as the real service does), an event with a
 * secret-looking field refused by the service's own rule ({@link SecretFields}), the raw bytes kept
 * so tests can search them for secrets.
 */
public final class AuditSink implements AutoCloseable {
  private final HttpServer server;
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> raw = new CopyOnWriteArrayList<>();
  private final List<AuthEvent> rejected = new CopyOnWriteArrayList<>();

  private AuditSink(HttpServer server) {
    this.server = server;
  }

  public static AuditSink start(String producerKey) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    AuditSink sink = new AuditSink(server);
    server.createContext(
        "/v1/events",
        exchange -> {
          int status;
          String answer = "";
          if (!producerKey.equals(exchange.getRequestHeaders().getFirst("x-audit-key"))) {
            status = 401;
          } else {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
              List<AuthEvent> batch =
                  body.lines().filter(l -> !l.isBlank()).map(AuthEventJson::read).toList();
              sink.raw.add(body);
              answer = sink.take(batch);
              status = 200;
            } catch (RuntimeException e) {
              status = 400;
            }
          }
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
          }
          exchange.close();
        });
    server.start();
    return sink;
  }

  /**
   * Stores the events without a secret-looking field and answers as the audit-service does: counts
   * and, per event, STORED or REJECTED (a field that looks like a secret, by the service's own
   * rule).
   */
  private String take(List<AuthEvent> batch) {
    StringBuilder results = new StringBuilder();
    int stored = 0;
    int refused = 0;
    for (int i = 0; i < batch.size(); i++) {
      AuthEvent event = batch.get(i);
      List<FieldViolation> secrets = SecretFields.scan(event);
      results.append(i == 0 ? "" : ",").append("{\"index\":").append(i);
      results.append(",\"id\":\"").append(event.id()).append('"');
      if (secrets.isEmpty()) {
        events.add(event);
        stored++;
        results.append(",\"status\":\"STORED\"}");
      } else {
        refused++;
        rejected.add(event);
        results
            .append(",\"status\":\"REJECTED\",\"error\":{\"code\":400,\"message\":\"")
            .append(secrets.get(0).field())
            .append(" looks like a secret\",\"status\":\"INVALID_ARGUMENT\"}}");
      }
    }
    return "{\"stored\":"
        + stored
        + ",\"duplicates\":0,\"rejected\":"
        + refused
        + ",\"results\":["
        + results
        + "]}";
  }

  /** Events refused because a field looked like a secret, as the audit-service refuses them. */
  public List<AuthEvent> rejected() {
    return List.copyOf(rejected);
  }

  /** The URL producers ship to. */
  public String eventsUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/events";
  }

  /** Every event received so far, in arrival order. */
  public List<AuthEvent> events() {
    return List.copyOf(events);
  }

  /**
   * The first event received that is {@code wanted}, waiting for it up to {@code within} (events
   * reach the sink through an outbox, so not at once); fails when none came.
   */
  public AuthEvent await(
      java.util.function.Predicate<AuthEvent> wanted, java.time.Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      for (AuthEvent event : events()) {
        if (wanted.test(event)) {
          return event;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no such event reached the audit sink within " + within);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for an event", e);
      }
    }
  }

  /** Every body received so far, verbatim. */
  public String rawBodies() {
    return String.join("\n", raw);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
