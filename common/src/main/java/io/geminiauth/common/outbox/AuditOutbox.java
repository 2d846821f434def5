package io.geminiauth.common.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventJson;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * A producer's durable outbox for auth events. {@link #record} appends to a local journal and
 * returns at once; a background thread ships the journal in batches to the audit-service's {@code
 * POST /v1/events}, with exponential backoff and full jitter while the service is away, and deletes
 * events only once the service has answered for them. An outage delays events, never loses them; a
 * crash between shipping and acknowledging re-sends a batch, which the service recognises by event
 * id.
 */
public final class AuditOutbox implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AuditOutbox.class);
  private static final double WARN_FILL = 0.8;

  private final OutboxSettings settings;
  private final Journal journal;
  private final DeadLetters deadLetters;
  private final HttpClient http;
  private final Thread shipper;
  private final AtomicLong shipped = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final Object wakeUp = new Object();
  private volatile boolean running = true;
  private volatile boolean warnedFull;
  private volatile boolean saidFull;

  private AuditOutbox(OutboxSettings settings) throws IOException {
    this.settings = settings;
    this.journal =
        new Journal(
            settings.directory(),
            settings.segmentBytes(),
            settings.maxBytes(),
            settings.overflow());
    this.deadLetters = new DeadLetters(settings.directory());
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.shipper = new Thread(this::shipLoop, "audit-outbox-shipper");
    this.shipper.setDaemon(true);
  }

  /** Opens the journal (recovering what an earlier process left) and starts shipping. */
  public static AuditOutbox start(OutboxSettings settings) throws IOException {
    AuditOutbox outbox = new AuditOutbox(settings);
    outbox.shipper.start();
    return outbox;
  }

  /**
   * Makes the event durable locally and returns; it reaches the audit-service later. With the BLOCK
   * overflow policy this waits while the journal is full.
   */
  public void record(AuthEvent event) {
    try {
      journal.append(AuthEventJson.write(event));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the audit outbox was full", e);
    }
    warnWhenFilling();
  }

  /** Bytes of events not yet acknowledged by the audit-service. */
  public long pendingBytes() {
    return journal.unshippedBytes();
  }

  /** Events acknowledged (stored or recognised as duplicates) by the audit-service. */
  public long shippedEvents() {
    return shipped.get();
  }

  /**
   * Events the audit-service refused as invalid (this run); they are kept as dead letters, logged
   * and not retried.
   */
  public long rejectedEvents() {
    return rejected.get();
  }

  /** Dead letters kept beside the journal, earlier runs included: each needs an operator. */
  public long deadLetters() {
    return deadLetters.count();
  }

  /**
   * Whether the journal is full: with the UNREADY policy the service must report itself unready
   * (and the events still go to disk).
   */
  public boolean full() {
    return journal.full();
  }

  /** Events dropped because the journal was full (DROP_OLDEST policy). */
  public long droppedEvents() {
    return journal.droppedLines();
  }

  /** Shipments that failed and will be retried. */
  public long failedAttempts() {
    return failedAttempts.get();
  }

  /** Stops shipping and closes the journal; unshipped events stay for the next start. */
  @Override
  public void close() throws IOException {
    running = false;
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
    try {
      shipper.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    journal.close();
  }

  private void shipLoop() {
    Duration backoff = settings.initialBackoff();
    long lastSync = System.nanoTime();
    int batchSize = settings.batchSize();
    while (running) {
      try {
        if (System.nanoTime() - lastSync >= settings.syncInterval().toNanos()) {
          journal.sync();
          lastSync = System.nanoTime();
        }
        Journal.Batch batch = journal.read(batchSize);
        if (batch.isEmpty()) {
          pause(settings.syncInterval());
          continue;
        }
        Shipment result = ship(batch);
        if (result == Shipment.ACKNOWLEDGED) {
          journal.acknowledge(batch.end());
          backoff = settings.initialBackoff();
          batchSize = settings.batchSize();
          continue;
        }
        if (result == Shipment.TOO_BIG && batchSize > 1) {
          batchSize = 1; // find the one event the service refuses, without losing the others
          continue;
        }
        failedAttempts.incrementAndGet();
        // Full jitter: a fleet of producers coming back after an outage does not stampede.
        pause(Duration.ofMillis(ThreadLocalRandom.current().nextLong(backoff.toMillis() + 1)));
        backoff =
            backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
                ? settings.maxBackoff()
                : backoff.multipliedBy(2);
      } catch (IOException | RuntimeException e) {
        LOG.warnf("Audit outbox: %s; retrying", e.toString());
        failedAttempts.incrementAndGet();
        pause(backoff);
      }
    }
  }

  private enum Shipment {
    ACKNOWLEDGED,
    RETRY,
    TOO_BIG
  }

  private Shipment ship(Journal.Batch batch) throws IOException {
    String body = String.join("\n", batch.lines()) + "\n";
    HttpRequest request =
        HttpRequest.newBuilder(settings.endpoint())
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-ndjson")
            .header("x-audit-key", settings.producerKey())
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      LOG.debugf("Audit outbox: audit-service unreachable (%s)", e.toString());
      return Shipment.RETRY;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Shipment.RETRY;
    }
    int status = response.statusCode();
    if (status == 200) {
      countResults(response.body(), batch.lines());
      return Shipment.ACKNOWLEDGED;
    }
    if ((status == 400 || status == 413) && batch.lines().size() > 1) {
      return Shipment.TOO_BIG;
    }
    if (status == 400 || status == 413) {
      // A lone event the service will never take: it leaves the queue (or the queue would stop
      // for good) for the dead letters, never for nowhere.
      deadLetter(batch.lines().get(0), "HTTP " + status + " " + errorMessage(response.body()));
      return Shipment.ACKNOWLEDGED;
    }
    LOG.warnf("Audit outbox: the audit-service answered HTTP %d; retrying", status);
    return Shipment.RETRY;
  }

  private void countResults(String body, java.util.List<String> lines) throws IOException {
    JsonNode report;
    try {
      report = AuthEventJson.mapper().readTree(body);
    } catch (IOException e) {
      shipped.addAndGet(lines.size());
      return;
    }
    long refused = report.path("rejected").asLong(0);
    shipped.addAndGet(lines.size() - refused);
    if (refused == 0) {
      return;
    }
    for (JsonNode result : report.path("results")) {
      int index = result.path("index").asInt(-1);
      if ("REJECTED".equals(result.path("status").asText()) && index >= 0 && index < lines.size()) {
        deadLetter(lines.get(index), result.path("error").path("message").asText("?"));
      }
    }
  }

  /** Keeps a refused event and says so where an operator looks: a log line and a metric. */
  private void deadLetter(String line, String why) throws IOException {
    rejected.incrementAndGet();
    deadLetters.keep(line);
    String id = "?";
    String type = "?";
    try {
      JsonNode event = AuthEventJson.mapper().readTree(line);
      id = event.path("id").asText("?");
      type = event.path("type").asText("?");
    } catch (IOException e) {
      // the line is kept as it is; the log names what it can
    }
    LOG.errorf(
        "Audit outbox: the audit-service refused event %s (%s): %s. It is kept in %s (%d there);"
            + " fix the cause, then replay that file to the audit-service's /v1/events.",
        id, type, why, deadLetters.file(), deadLetters.count());
  }

  private static String errorMessage(String body) {
    try {
      return AuthEventJson.mapper().readTree(body).path("error").path("message").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  private void warnWhenFilling() {
    double fill = (double) journal.unshippedBytes() / journal.maxBytes();
    if (fill >= 1 && !saidFull && settings.overflow() == OutboxSettings.OverflowPolicy.UNREADY) {
      saidFull = true;
      LOG.errorf(
          "Audit outbox is full (%s, the audit-service has not taken its events): this replica"
              + " reports itself unready until shipping frees space; no event is dropped",
          settings.directory());
    } else if (fill < 1) {
      saidFull = false;
    }
    if (fill >= WARN_FILL && !warnedFull) {
      warnedFull = true;
      LOG.warnf(
          "Audit outbox is %d%% full (%s); overflow policy %s applies at 100%%",
          Math.round(fill * 100), settings.directory(), settings.overflow());
    } else if (fill < WARN_FILL / 2) {
      warnedFull = false;
    }
  }

  private void pause(Duration duration) {
    synchronized (wakeUp) {
      try {
        wakeUp.wait(Math.max(1, duration.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }
}
