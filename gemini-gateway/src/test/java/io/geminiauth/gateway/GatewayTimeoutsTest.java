package io.geminiauth.gateway;

import static io.geminiauth.gateway.GatewayStandIn.CLIENT_KEY;
import static io.geminiauth.gateway.GatewayStandIn.KEYS;
import static io.geminiauth.gateway.GatewayStandIn.emulator;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connect timeout and the total timeout of a call answered whole, in a profile of their own: a
 * 300 ms connect timeout, a 1 s total and a 5 s first-byte timeout, so that each is the one that
 * fires. An extra upstream, first for gemini-2.5-flash-lite, listens on loopback but never accepts
 * (its accept queue is full): connecting to it can only end by the gateway's timeout.
 */
@QuarkusTest
@TestProfile(GatewayTimeoutsTest.Timeouts.class)
class GatewayTimeoutsTest {
  static final String BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}";

  /** The upstream that never accepts, and the connections that fill its queue. */
  static final ServerSocket SILENT;

  static final List<Socket> QUEUED = new ArrayList<>();

  static {
    try {
      SILENT = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      // Linux queues backlog + 1 handshaken connections; beyond that a SYN goes unanswered.
      for (int i = 0; i < 4; i++) {
        Socket socket = new Socket();
        try {
          socket.connect(SILENT.getLocalSocketAddress(), 200);
          QUEUED.add(socket);
        } catch (IOException full) {
          socket.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static class Timeouts implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      InetSocketAddress address = (InetSocketAddress) SILENT.getLocalSocketAddress();
      return Map.of(
          // Its own database: the admin API's key and client changes of other profiles' tests stay
          // in theirs (an in-memory H2 outlives a Quarkus restart in the same JVM).
          "quarkus.datasource.h2.jdbc.url",
          "jdbc:h2:mem:gateway-timeouts;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
          "gateway.resilience.connect-timeout",
          "300ms",
          "gateway.resilience.first-byte-timeout",
          "5s",
          "gateway.resilience.total-timeout",
          "1s",
          "gateway.upstreams.silent.base-url",
          "http://127.0.0.1:" + address.getPort(),
          "gateway.upstreams.silent.api-keys",
          "AQ.never-sent-anywhere",
          "gateway.upstreams.silent.models",
          "gemini-2.5-flash-lite",
          "gateway.upstreams.silent.priority",
          "-5");
    }
  }

  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @AfterEach
  void clearFaults() {
    GatewayStandIn.clearFaultsAndBreakers();
  }

  /**
   * The silent upstream is tried first; its connect timeout fails over to the next upstream, which
   * serves the call. The client's own 10 s limit fails the test if only the operating system's
   * connect retries (minutes) could end the first attempt.
   */
  @Test
  void connectTimeout_failsOverToTheNextUpstream() throws Exception {
    long served = emulator.counter("generateContent@" + KEYS.get("rotation-old").uid());
    HttpResponse<String> response = generate("gemini-2.5-flash-lite");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(emulator.counter("generateContent@" + KEYS.get("rotation-old").uid()))
        .isEqualTo(served + 1);
    assertThat(
            GatewayResilienceTest.metric(
                "gateway_upstream_seconds_count{outcome=\"connection\",upstream=\"silent\"}"))
        .isEqualTo(1.0);
  }

  /**
   * The upstream takes 3 s to answer (under the 5 s first-byte timeout): the 1 s total ends the
   * call with Google's DEADLINE_EXCEEDED, and no other upstream is asked after it.
   */
  @Test
  void totalTimeout_endsASlowCallWithDeadlineExceeded() throws Exception {
    emulator.post(
        "/emulator/faults",
        "{\"route\":\"generateContent\",\"keyUid\":\""
            + KEYS.get("primary").uid()
            + "\",\"times\":1,\"latencyMs\":3000}");
    long secondary = emulator.counter("generateContent@" + KEYS.get("secondary").uid());
    HttpResponse<String> response = generate("gemini-2.5-flash");
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.body())
        .contains("\"status\":\"DEADLINE_EXCEEDED\"")
        .contains("did not answer in time");
    assertThat(emulator.counter("generateContent@" + KEYS.get("secondary").uid()))
        .isEqualTo(secondary);
  }

  private HttpResponse<String> generate(String model) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            GatewayStandIn.post(
                port,
                "/v1beta/models/" + model + ":generateContent",
                CLIENT_KEY,
                BODY,
                Duration.ofSeconds(10)),
            HttpResponse.BodyHandlers.ofString());
  }
}
