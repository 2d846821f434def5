import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for the audit-service's batched ingest: CONCURRENCY clients each POST BATCHES
 * arrays of BATCH_SIZE distinct events. Bounded by count; prints events/s.
 * Usage: java bench/AuditIngestBench.java URL KEY BATCHES BATCH_SIZE CONCURRENCY
 */
public class AuditIngestBench {
  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    String key = args[1];
    int batches = Integer.parseInt(args[2]);
    int batchSize = Integer.parseInt(args[3]);
    int concurrency = Integer.parseInt(args[4]);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    // Bodies are built before the clock starts: the figure is the service's, not the generator's.
    List<String> bodies = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      StringBuilder body = new StringBuilder("[");
      for (int i = 0; i < batchSize; i++) {
        if (i > 0) {
          body.append(',');
        }
        body.append("{\"id\":\"").append(UUID.randomUUID())
            .append("\",\"time\":\"").append(Instant.now())
            .append("\",\"type\":\"TOKEN_ISSUED\",\"source\":{\"service\":\"token-service\",\"instance\":\"bench\"},")
            .append("\"principal\":\"svc-").append(i % 50)
            .append("\",\"subject\":\"sa-").append(i % 20).append("@p.iam.gserviceaccount.com\",")
            .append("\"outcome\":\"").append(i % 10 == 0 ? "FAILURE" : "SUCCESS")
            .append("\",\"scopes\":[\"https://www.googleapis.com/auth/generative-language\"],")
            .append("\"callerIp\":\"10.0.").append(i % 200).append(".7\",\"attributes\":{\"cache\":\"miss\"}}");
      }
      bodies.add(body.append(']').toString());
    }
    AtomicLong stored = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (String body : bodies) {
      done.add(pool.submit(() -> {
        try {
          HttpResponse<String> r = http.send(
              HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                  .header("x-audit-key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200 && r.body().startsWith("{\"stored\":" + batchSize)) {
            stored.addAndGet(batchSize);
          } else {
            failed.incrementAndGet();
            System.err.println("HTTP " + r.statusCode() + " " + r.body().substring(0, Math.min(200, r.body().length())));
          }
        } catch (Exception e) {
          failed.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    System.out.printf("RESULT events=%d failed_batches=%d seconds=%.2f events_per_s=%.0f%n",
        stored.get(), failed.get(), seconds, stored.get() / seconds);
  }
}
