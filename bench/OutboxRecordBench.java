import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.Outcome;
import io.geminiauth.common.outbox.AuditOutbox;
import io.geminiauth.common.outbox.OutboxSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Latency of AuditOutbox.record() as a request thread sees it: building nothing, just recording a
 * prepared event into the journal. The audit-service is absent (shipping retries in the
 * background), as during an outage. Bounded: WARMUP + MEASURED calls.
 * Usage: java -cp <common classpath> bench/OutboxRecordBench.java [measured, default 200000]
 */
public class OutboxRecordBench {
  public static void main(String[] args) throws Exception {
    int measured = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int warmup = 50_000;
    Path dir = Files.createTempDirectory("outbox-bench");
    OutboxSettings settings =
        OutboxSettings.defaults(
            dir,
            URI.create("http://127.0.0.1:9/v1/events"),
            "bench-key",
            OutboxSettings.OverflowPolicy.UNREADY);
    List<AuthEvent> events =
        java.util.stream.IntStream.range(0, 1000)
            .mapToObj(
                i ->
                    AuthEvent.now(Instant.now())
                        .type(AuthEventType.TOKEN_ISSUED)
                        .source("token-service", "bench")
                        .principal("svc-" + i % 50)
                        .subject("sa-" + i % 20 + "@p.iam.gserviceaccount.com")
                        .outcome(Outcome.SUCCESS)
                        .scopes(List.of("https://www.googleapis.com/auth/generative-language"))
                        .callerIp("10.0.0." + i % 200)
                        .build())
            .toList();
    long[] nanos = new long[measured];
    try (AuditOutbox outbox = AuditOutbox.start(settings)) {
      for (int i = 0; i < warmup; i++) {
        outbox.record(events.get(i % events.size()));
      }
      for (int i = 0; i < measured; i++) {
        AuthEvent event = events.get(i % events.size());
        long start = System.nanoTime();
        outbox.record(event);
        nanos[i] = System.nanoTime() - start;
      }
    }
    Arrays.sort(nanos);
    System.out.printf(
        "RESULT calls=%d p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f%n",
        measured,
        nanos[measured / 2] / 1e3,
        nanos[(int) (measured * 0.99)] / 1e3,
        nanos[(int) (measured * 0.999)] / 1e3,
        nanos[measured - 1] / 1e3);
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
