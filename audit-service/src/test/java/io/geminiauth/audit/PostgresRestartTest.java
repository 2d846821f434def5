package io.geminiauth.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.geminiauth.common.outbox.AuditOutbox;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarts while a producer's outbox ships events: the ingest fails for a while, the
 * outbox keeps the events and sends them again, and once the database is back every event is stored
 * exactly once.
 */
@QuarkusTest
@TestProfile(PostgresRestartTest.OwnPostgres.class)
class PostgresRestartTest {
  public static class OwnPostgres implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(RestartablePostgres.class));
    }
  }

  @TestHTTPResource("/v1/events")
  URL events;

  @Test
  void postgresRestartMidIngest_nothingLostNothingTwice() throws Exception {
    String principal = "pg-restart-" + UUID.randomUUID();
    try (AuditOutbox outbox =
        AuditOutbox.start(OutboxDeliveryTest.settings(URI.create(events.toString())))) {
      // Events keep coming, one every 10 ms, before, during and after the restart.
      Thread producer =
          new Thread(
              () -> {
                for (int i = 0; i < 300; i++) {
                  outbox.record(OutboxDeliveryTest.event(principal, i));
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
              });
      producer.start();
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.shippedEvents() > 0);
      RestartablePostgres.restart();
      producer.join(Duration.ofSeconds(30).toMillis());
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> outbox.pendingBytes() == 0);
      assertThat(outbox.shippedEvents()).isEqualTo(300);
      assertThat(outbox.droppedEvents()).isZero();
      assertThat(outbox.failedAttempts()).as("the restart was felt").isPositive();
    }
    assertThat(OutboxDeliveryTest.storedSubjects(principal)).hasSize(300);
  }
}
