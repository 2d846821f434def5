package io.geminiauth.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.Outcome;
import io.geminiauth.common.outbox.AuditOutbox;
import io.geminiauth.common.outbox.OutboxSettings;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer outbox against the real audit-service: outages delay events, never lose them. */
@QuarkusTest
class OutboxDeliveryTest {
  @TestHTTPResource("/v1/events")
  URL events;

  @TempDir Path dir;

  @Test
  void auditServiceDownThenUp_everyEventArrivesExactlyOnce() throws Exception {
    int port = freePort();
    URI endpoint = URI.create("http://127.0.0.1:" + port + "/v1/events");
    String principal = "outage-" + UUID.randomUUID();
    try (AuditOutbox outbox = AuditOutbox.start(settings(endpoint))) {
      for (int i = 0; i < 200; i++) {
        outbox.record(event(principal, i));
      }
      // Nothing listens yet: shipments fail and are retried, nothing is lost.
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> outbox.failedAttempts() >= 2);
      assertThat(outbox.shippedEvents()).isZero();
      assertThat(outbox.pendingBytes()).isPositive();

      HttpServer proxy = forwardingProxy(port, URI.create(events.toString()));
      try {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.pendingBytes() == 0);
      } finally {
        proxy.stop(0);
      }
      assertThat(outbox.shippedEvents()).isEqualTo(200);
      assertThat(outbox.droppedEvents()).isZero();
    }
    assertThat(storedSubjects(principal)).hasSize(200);
  }

  /**
   * An event the audit-service refuses (an attribute named like a secret) is not lost: it is kept
   * as a dead letter beside the journal, counted, and replaying that file as it is stores what the
   * service accepts once the cause is fixed; the events around it are stored at once.
   */
  @Test
  void eventRefusedByTheService_keptAsDeadLetter_othersStored_fileReplayable() throws Exception {
    String principal = "refused-" + UUID.randomUUID();
    AuthEvent refused =
        AuthEvent.now(Instant.now())
            .type(AuthEventType.API_KEY_REJECTED)
            .source("outbox-test", "t1")
            .principal(principal)
            .subject("upstream/key-1")
            .outcome(Outcome.FAILURE)
            .attributes(java.util.Map.of("key", "key-1"))
            .build();
    Path journal = dir.resolve("journal");
    Path deadLetters = journal.resolve("dead-letters.ndjson");
    try (AuditOutbox outbox = AuditOutbox.start(settings(URI.create(events.toString()), journal))) {
      outbox.record(event(principal, 1));
      outbox.record(refused);
      outbox.record(event(principal, 2));
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.pendingBytes() == 0);
      assertThat(outbox.deadLetters()).isEqualTo(1);
      assertThat(outbox.rejectedEvents()).isEqualTo(1);
    }
    assertThat(storedSubjects(principal)).hasSize(2);
    List<String> kept = java.nio.file.Files.readAllLines(deadLetters);
    assertThat(kept).hasSize(1);
    assertThat(kept.get(0)).contains(refused.id().toString());
    // A restart still knows it: the count is the file's, not the process's.
    try (AuditOutbox again = AuditOutbox.start(settings(URI.create(events.toString()), journal))) {
      assertThat(again.deadLetters()).isEqualTo(1);
    }
    // The file replays as it is: the service answers per event (here: still refused, by id).
    String answer =
        given()
            .header("x-audit-key", AuditServiceContract.PRODUCER_KEY)
            .contentType("application/x-ndjson")
            .body(java.nio.file.Files.readAllBytes(deadLetters))
            .post("/v1/events")
            .then()
            .extract()
            .asString();
    assertThat(answer).contains("attributes.key");
  }

  @Test
  void producerKilledMidFlushAndRestarted_nothingLostNothingDuplicated() throws Exception {
    String principal = "crash-" + UUID.randomUUID();
    int count = 5000;
    Process first = producer(principal, count);
    // Kill it once everything is journaled and the first batches are in: mid-flush.
    Path log = dir.resolve("producer.log");
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () ->
                (java.nio.file.Files.exists(log)
                        && java.nio.file.Files.readString(log).contains("RECORDED")
                        && !storedSubjects(principal).isEmpty())
                    || !first.isAlive());
    first.destroyForcibly().waitFor();
    int afterKill = storedSubjects(principal).size();

    Process second = producer(principal, count);
    assertThat(second.waitFor()).isZero();

    assertThat(afterKill).isLessThan(count);
    Set<String> subjects = storedSubjects(principal);
    assertThat(subjects).hasSize(count);
  }

  private Process producer(String principal, int count) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            OutboxProducerMain.class.getName(),
            dir.toString(),
            events.toString(),
            AuditServiceContract.PRODUCER_KEY,
            Integer.toString(count),
            principal)
        .redirectErrorStream(true)
        .redirectOutput(new File(dir.toFile(), "producer.log"))
        .start();
  }

  static OutboxSettings settings(URI endpoint) {
    return settings(
        endpoint,
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "outbox-" + UUID.randomUUID()));
  }

  private static OutboxSettings settings(URI endpoint, Path directory) {
    return new OutboxSettings(
        directory,
        endpoint,
        AuditServiceContract.PRODUCER_KEY,
        16L * 1024 * 1024,
        256L * 1024,
        50,
        OutboxSettings.OverflowPolicy.BLOCK,
        Duration.ofMillis(50),
        Duration.ofMillis(400),
        Duration.ofMillis(50));
  }

  static AuthEvent event(String principal, int i) {
    return AuthEvent.now(Instant.now())
        .type(AuthEventType.TOKEN_REFRESHED)
        .source("outbox-test", "t1")
        .principal(principal)
        .subject("sa-" + i + "@p.iam.gserviceaccount.com")
        .outcome(Outcome.SUCCESS)
        .build();
  }

  /**
   * Every subject stored for the principal, across pages (the set would hide duplicates, so count).
   */
  static Set<String> storedSubjects(String principal) {
    Set<String> subjects = new HashSet<>();
    int total = 0;
    String cursor = null;
    do {
      var request =
          given()
              .header("x-audit-key", AuditServiceContract.READER_KEY)
              .queryParam("principal", principal)
              .queryParam("limit", 1000);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      JsonPath page =
          JsonPath.from(request.get("/v1/events").then().statusCode(200).extract().asString());
      List<String> batch = page.getList("events.subject");
      total += batch.size();
      subjects.addAll(batch);
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    assertThat(total).as("events stored twice").isEqualTo(subjects.size());
    return subjects;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Stands in for the audit-service coming back: forwards to the real one. */
  private static HttpServer forwardingProxy(int port, URI target) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    HttpClient client = HttpClient.newHttpClient();
    server.createContext(
        "/",
        exchange -> {
          try {
            HttpRequest.Builder forward =
                HttpRequest.newBuilder(target)
                    .POST(
                        HttpRequest.BodyPublishers.ofByteArray(
                            exchange.getRequestBody().readAllBytes()));
            for (String header : List.of("Content-Type", "x-audit-key")) {
              String value = exchange.getRequestHeaders().getFirst(header);
              if (value != null) {
                forward.header(header, value);
              }
            }
            HttpResponse<byte[]> answer =
                client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
            exchange.getResponseBody().write(answer.body());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
          } finally {
            exchange.close();
          }
        });
    server.start();
    return server;
  }
}
