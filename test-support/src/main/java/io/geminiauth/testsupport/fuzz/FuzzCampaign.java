package io.geminiauth.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends {@code count} malformed requests to one service, one connection each, and reports status
 * counts and every finding: 5xx, hangs (no whole answer in {@link #TIME_LIMIT_MILLIS}), errors not
 * in Google's error JSON, stack traces in bodies. Loopback only, bounded by count and time.
 */
public final class FuzzCampaign {
  public static final int TIME_LIMIT_MILLIS = 5_000;
  private static final int KEPT_FINDINGS = 20;

  /** What a campaign found. Findings name the request ({@link MalformedRequests.Request#what}). */
  public record Report(
      String service,
      long seed,
      int sent,
      Map<Integer, Integer> statuses,
      List<String> serverErrors,
      List<String> hangs,
      List<String> notGoogleShaped,
      List<String> stackTraces,
      List<String> fromHttpLayer,
      int serverErrorCount,
      int hangCount,
      int notGoogleShapedCount,
      int stackTraceCount,
      int fromHttpLayerCount) {

    /**
     * No 5xx, no hang, no error of the service's outside Google's JSON, no stack trace. The HTTP
     * layer's empty answers are reported, not failed on: see {@link Outcome#fromHttpLayer}.
     */
    public boolean clean() {
      return serverErrorCount == 0
          && hangCount == 0
          && notGoogleShapedCount == 0
          && stackTraceCount == 0;
    }

    /** One line for the README's table, then the first findings of each kind. */
    public String summary() {
      StringBuilder s =
          new StringBuilder(
              String.format(
                  "%s: %d requests (seed %d), statuses %s; 5xx %d, hangs %d, not Google's error"
                      + " JSON %d, stack traces %d",
                  service,
                  sent,
                  seed,
                  statuses,
                  serverErrorCount,
                  hangCount,
                  notGoogleShapedCount,
                  stackTraceCount));
      append(s, "5xx", serverErrors);
      append(s, "hang", hangs);
      append(s, "not Google's error JSON", notGoogleShaped);
      append(s, "stack trace", stackTraces);
      append(s, "HTTP layer", fromHttpLayer.subList(0, Math.min(5, fromHttpLayer.size())));
      return s.toString();
    }

    private static void append(StringBuilder s, String kind, List<String> findings) {
      findings.forEach(f -> s.append("\n  ").append(kind).append(": ").append(f));
    }
  }

  private FuzzCampaign() {}

  public static Report run(
      String service, String host, int port, List<Endpoint> endpoints, long seed, int count) {
    MalformedRequests generator = new MalformedRequests(seed, host + ":" + port);
    java.util.Random pickEndpoint = new java.util.Random(seed ^ 0x5DEECE66DL);
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> serverErrors = new ArrayList<>();
    List<String> hangs = new ArrayList<>();
    List<String> notGoogle = new ArrayList<>();
    List<String> traces = new ArrayList<>();
    List<String> httpLayer = new ArrayList<>();
    int[] counts = new int[5];
    for (int i = 0; i < count; i++) {
      Endpoint endpoint = endpoints.get(pickEndpoint.nextInt(endpoints.size()));
      MalformedRequests.Request request = generator.next(endpoint);
      String method = request.what().substring(request.what().indexOf(": ") + 2).split(" ")[0];
      Outcome outcome = send(host, port, request.bytes());
      statuses.merge(outcome.status(), 1, Integer::sum);
      String finding =
          "#"
              + i
              + " "
              + request.what()
              + " -> "
              + outcome.status()
              + " "
              + abbreviate(outcome.body());
      if (outcome.hung()) {
        keep(hangs, finding, counts, 1);
      } else if (outcome.serverError()) {
        keep(serverErrors, finding, counts, 0);
      } else if (outcome.fromHttpLayer()) {
        keep(httpLayer, finding, counts, 4);
      } else if (outcome.notGoogleShaped(method)) {
        keep(notGoogle, finding, counts, 2);
      }
      if (outcome.stackTrace()) {
        keep(traces, finding, counts, 3);
      }
    }
    return new Report(
        service,
        seed,
        count,
        statuses,
        serverErrors,
        hangs,
        notGoogle,
        traces,
        httpLayer,
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        counts[4]);
  }

  private static void keep(List<String> findings, String finding, int[] counts, int kind) {
    counts[kind]++;
    if (findings.size() < KEPT_FINDINGS) {
      findings.add(finding);
    }
  }

  /**
   * One request on a connection of its own, read until the server closes it. A server may close
   * before reading the whole request (an oversized header, say): what it answered still counts.
   */
  static Outcome send(String host, int port, byte[] request) {
    long deadline = System.currentTimeMillis() + TIME_LIMIT_MILLIS;
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), TIME_LIMIT_MILLIS);
      socket.setSoTimeout(TIME_LIMIT_MILLIS);
      OutputStream out = socket.getOutputStream();
      try {
        // No half-close after it: the servers take a closed input for a client that left.
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // The server stopped reading: read what it said.
      }
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      while (true) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return Outcome.parse(answer.toByteArray(), true);
        }
        socket.setSoTimeout((int) left);
        int read;
        try {
          read = in.read(buffer);
        } catch (SocketTimeoutException e) {
          return Outcome.parse(answer.toByteArray(), true);
        }
        if (read < 0) {
          break;
        }
        answer.write(buffer, 0, read);
      }
    } catch (IOException e) {
      // A reset after a complete answer is an answer; a reset before is status -1.
    }
    return Outcome.parse(answer.toByteArray(), false);
  }

  private static String abbreviate(String body) {
    String flat = body.replace('\n', ' ').replace('\r', ' ');
    return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
  }
}
