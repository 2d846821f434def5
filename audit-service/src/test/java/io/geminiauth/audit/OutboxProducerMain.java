package io.geminiauth.audit;

import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.Outcome;
import io.geminiauth.common.outbox.AuditOutbox;
import io.geminiauth.common.outbox.OutboxSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A producer in a process of its own, for the crash test: on its first run it records {@code count}
 * events, then it ships until its journal is empty and exits. Run again on the same journal
 * directory, it records nothing and ships what is left.
 *
 * <p>Arguments: journal directory, audit endpoint, producer key, count, principal.
 */
public final class OutboxProducerMain {
  private OutboxProducerMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    OutboxSettings settings =
        new OutboxSettings(
            dir,
            URI.create(args[1]),
            args[2],
            64L * 1024 * 1024,
            1024L * 1024,
            25,
            OutboxSettings.OverflowPolicy.BLOCK,
            Duration.ofMillis(50),
            Duration.ofMillis(500),
            Duration.ofMillis(50));
    int count = Integer.parseInt(args[3]);
    Path recorded = dir.resolve("recorded.marker");
    try (AuditOutbox outbox = AuditOutbox.start(settings)) {
      if (!Files.exists(recorded)) {
        for (int i = 0; i < count; i++) {
          outbox.record(
              AuthEvent.now(Instant.now())
                  .type(AuthEventType.TOKEN_ISSUED)
                  .source("crash-test", "producer")
                  .principal(args[4])
                  .subject("sa-" + i + "@p.iam.gserviceaccount.com")
                  .outcome(Outcome.SUCCESS)
                  .build());
        }
        Files.writeString(dir.resolve("recorded.marker"), "done");
        System.out.println("RECORDED " + count);
      }
      while (outbox.pendingBytes() > 0) {
        Thread.sleep(20);
      }
      System.out.println("SHIPPED");
    }
  }
}
