import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's added latency: the same generateContent request at a fixed rate (open loop: sent on
 * schedule whether or not earlier ones have answered), once straight to the upstream and once
 * through the gateway, alternating rounds so both see the same machine; then stream
 * time-to-first-event, sequentially, both ways. Prints p50/p99 of each and the differences.
 * Usage: java bench/GatewayLatencyBench.java DIRECT_URL DIRECT_KEY GATEWAY_URL CLIENT_KEY RATE SECONDS
 */
public class GatewayLatencyBench {
  static final String BODY =
      "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello to the benchmark\"}]}],"
          + "\"generationConfig\":{\"maxOutputTokens\":64}}";
  static final java.util.Map<String, Integer> ERRORS = new java.util.concurrent.ConcurrentHashMap<>();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public static void main(String[] args) throws Exception {
    String direct = args[0];
    String directKey = args[1];
    String gateway = args[2];
    String clientKey = args[3];
    int rate = Integer.parseInt(args[4]);
    int seconds = Integer.parseInt(args[5]);
    // Warm-up, both ways.
    fixedRate(direct, directKey, rate, 5);
    fixedRate(gateway, clientKey, rate, 5);
    reportErrors("the warm-up");
    List<Long> directMicros = new ArrayList<>();
    List<Long> gatewayMicros = new ArrayList<>();
    for (int round = 0; round < seconds / 5; round++) {
      directMicros.addAll(fixedRate(direct, directKey, rate, 5));
      gatewayMicros.addAll(fixedRate(gateway, clientKey, rate, 5));
    }
    print("direct  generateContent @" + rate + "/s", directMicros);
    print("gateway generateContent @" + rate + "/s", gatewayMicros);
    System.out.printf(
        "added latency: p50 %.3f ms, p99 %.3f ms (target p50 <= 0.3, p99 <= 2)%n",
        (pct(gatewayMicros, 50) - pct(directMicros, 50)) / 1000.0,
        (pct(gatewayMicros, 99) - pct(directMicros, 99)) / 1000.0);
    reportErrors("the fixed-rate runs");

    List<Long> directFirst = new ArrayList<>();
    List<Long> gatewayFirst = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      firstEvent(direct, directKey);
      firstEvent(gateway, clientKey);
    }
    for (int i = 0; i < 300; i++) {
      directFirst.add(firstEvent(direct, directKey));
      gatewayFirst.add(firstEvent(gateway, clientKey));
    }
    print("direct  stream first event", directFirst);
    print("gateway stream first event", gatewayFirst);
    System.out.printf(
        "added time to first event: p50 %.3f ms (target <= 1)%n",
        (pct(gatewayFirst, 50) - pct(directFirst, 50)) / 1000.0);
  }

  /** Prints the non-200 answers counted so far, by target and status, and starts counting anew. */
  static void reportErrors(String during) {
    System.out.println("non-200 answers during " + during + " (target status=count): " + ERRORS);
    ERRORS.clear();
  }

  /** Sends {@code rate} requests a second for {@code seconds}; the latencies in microseconds. */
  static List<Long> fixedRate(String base, String key, int rate, int seconds) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/v1beta/models/gemini-2.5-flash:generateContent"))
            .header("x-goog-api-key", key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
    ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    long start = System.nanoTime();
    long intervalNanos = 1_000_000_000L / rate;
    for (long i = 0; i < (long) rate * seconds; i++) {
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      pending.add(
          HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
              .thenAccept(
                  response -> {
                    if (response.statusCode() != 200) {
                      // Counted, not thrown: an overloaded moment must not end the measurement.
                      ERRORS.merge(base + " " + response.statusCode(), 1, Integer::sum);
                      return;
                    }
                    // Measured from when it was due: a late send counts against the target.
                    micros.add((System.nanoTime() - due) / 1000);
                  }));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    return new ArrayList<>(micros);
  }

  /** Microseconds from sending a stream request to its first {@code data:} line. */
  static long firstEvent(String base, String key) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    base + "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"))
            .header("x-goog-api-key", key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
    long start = System.nanoTime();
    HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      byte[] data = "data:".getBytes();
      int matched = 0;
      int b;
      while ((b = body.read()) >= 0) {
        matched = b == data[matched] ? matched + 1 : (b == data[0] ? 1 : 0);
        if (matched == data.length) {
          long micros = (System.nanoTime() - start) / 1000;
          body.readAllBytes();
          return micros;
        }
      }
    }
    throw new IllegalStateException("no event");
  }

  static double pct(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  static void print(String what, List<Long> micros) {
    System.out.printf(
        "%-40s n=%d p50 %.3f ms p99 %.3f ms%n",
        what, micros.size(), pct(micros, 50) / 1000.0, pct(micros, 99) / 1000.0);
  }
}
