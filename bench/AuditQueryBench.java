import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Filtered keyset queries against GET /v1/events: QUERIES random filter combinations, each
 * fetching a first page and the next one through its cursor. One client, sequential: the latency
 * of each request is what a dashboard user sees. Prints p50/p95/p99.
 * Usage: java bench/AuditQueryBench.java BASE_URL READER_KEY QUERIES
 */
public class AuditQueryBench {
  private static final Pattern CURSOR = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String key = args[1];
    int queries = Integer.parseInt(args[2]);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Random random = new Random(42);
    String[] types = {"TOKEN_ISSUED", "TOKEN_REFRESHED", "ACCESS_DENIED", "TOKEN_REQUEST_FAILED"};
    String[] outcomes = {"SUCCESS", "FAILURE", "DENIED"};
    String[] sources = {"token-service", "gemini-gateway", "audit-service", "batch-jobs"};
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<Long> micros = new ArrayList<>();
    for (int q = 0; q < queries + 20; q++) {
      StringBuilder filter = new StringBuilder("limit=50");
      switch (q % 6) {
        case 0 -> filter.append("&principal=svc-").append(random.nextInt(500));
        case 1 -> filter.append("&principal=svc-").append(random.nextInt(500))
            .append("&outcome=").append(outcomes[1 + random.nextInt(2)]);
        case 2 -> {
          Instant to = now.minus(random.nextInt(20 * 24), ChronoUnit.HOURS);
          filter.append("&type=").append(types[random.nextInt(types.length)])
              .append("&from=").append(to.minus(6, ChronoUnit.HOURS)).append("&to=").append(to);
        }
        case 3 -> filter.append("&subject=sa-").append(random.nextInt(2000)).append("%40p.iam.gserviceaccount.com");
        case 4 -> filter.append("&source=").append(sources[random.nextInt(sources.length)])
            .append("&outcome=").append(outcomes[random.nextInt(3)]);
        default -> { /* no filter: the newest events */ }
      }
      String cursor = null;
      for (int page = 0; page < 2; page++) {
        String url = base + "/v1/events?" + filter
            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(
            HttpRequest.newBuilder(URI.create(url)).header("x-audit-key", key).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        long elapsed = (System.nanoTime() - start) / 1000;
        if (r.statusCode() != 200) {
          throw new IllegalStateException("HTTP " + r.statusCode() + " " + r.body());
        }
        if (q >= 20) {
          micros.add(elapsed); // the first 20 queries warm the JIT and the caches
        }
        Matcher m = CURSOR.matcher(r.body());
        if (!m.find()) {
          break;
        }
        cursor = m.group(1);
      }
    }
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("RESULT requests=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
        sorted.length, sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.95)] / 1e3,
        sorted[(int) (sorted.length * 0.99)] / 1e3, sorted[sorted.length - 1] / 1e3);
  }
}
