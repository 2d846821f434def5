package io.geminiauth.e2e.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the admin API changes on one gateway replica holds on the other within a second (the bound
 * here is under the 5 s reconcile, so only the change feed makes it) and after a restart: upstream
 * keys added, promoted, retired and refused by Google; clients created, disabled and deleted, and
 * the keys issued for them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayFleetTest {
  static final Duration PROPAGATION = Duration.ofSeconds(3);
  static GatewayFleet fleet;
  static String clientKey;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = new GatewayFleet(List.of("gateway.resilience.key-recheck-interval=1h"));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void clientCreatedOnReplicaOne_servedByReplicaTwo_disabledAndEnabledEverywhere()
      throws Exception {
    HttpResponse<String> created =
        fleet.admin(
            1,
            "POST",
            "/admin/v1/clients",
            "{\"name\":\"team-fleet\",\"models\":[\"gemini-2.5-*\"],\"requestsPerMinute\":1000}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> issued =
        fleet.admin(1, "POST", "/admin/v1/client-keys", "{\"client\":\"team-fleet\"}");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    clientKey = GatewayFleet.field(issued.body(), "key");

    await()
        .atMost(PROPAGATION)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> fleet.generate(2, clientKey).statusCode() == 200);

    assertThat(fleet.admin(1, "POST", "/admin/v1/clients/team-fleet:disable", null).statusCode())
        .isEqualTo(200);
    await()
        .atMost(PROPAGATION)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> fleet.generate(2, clientKey).statusCode() == 403);
    assertThat(fleet.generate(2, clientKey).body()).contains("CLIENT_DISABLED");

    assertThat(fleet.admin(2, "POST", "/admin/v1/clients/team-fleet:enable", null).statusCode())
        .isEqualTo(200);
    await().atMost(PROPAGATION).until(() -> fleet.generate(1, clientKey).statusCode() == 200);
  }

  /**
   * Rotated through replica 1: replica 2 lists the same keys, sends its traffic with the new key
   * only, and a restart of replica 2 keeps the rotation (the added key's value comes sealed from
   * the database, the retired key stays retired).
   */
  @Test
  @Order(2)
  void upstreamKeyRotatedOnReplicaOne_replicaTwoFollows_andARestartKeepsIt() throws Exception {
    GatewayFleet.EmulatorKey fresh = fleet.createKey();
    HttpResponse<String> added =
        fleet.admin(
            1, "POST", "/admin/v1/upstreams/google/keys", "{\"key\":\"" + fresh.value() + "\"}");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    String name = GatewayFleet.field(added.body(), "name");
    assertThat(name).isEqualTo("key-2");
    await().atMost(PROPAGATION).until(() -> fleet.keyStatus(2, "google", name).equals("CANDIDATE"));

    assertThat(
            fleet
                .admin(1, "POST", "/admin/v1/upstreams/google/keys/key-2:promote", null)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            fleet
                .admin(1, "POST", "/admin/v1/upstreams/google/keys/key-1:retire", null)
                .statusCode())
        .isEqualTo(200);
    await().atMost(PROPAGATION).until(() -> fleet.keyStatus(2, "google", "key-1").equals("ABSENT"));
    assertThat(fleet.keyStatus(2, "google", "key-2")).isEqualTo("SERVING");

    fleet.replica(2).restart();
    long oldKeyCalls = fleet.emulator.counter("generateContent@" + fleet.configuredKey.uid());
    long newKeyCalls = fleet.emulator.counter("generateContent@" + fresh.uid());
    for (int i = 0; i < 4; i++) {
      assertThat(fleet.generate(2, clientKey).statusCode()).isEqualTo(200);
    }
    assertThat(fleet.emulator.counter("generateContent@" + fresh.uid())).isEqualTo(newKeyCalls + 4);
    assertThat(fleet.emulator.counter("generateContent@" + fleet.configuredKey.uid()))
        .as("the retired key is not used, not even after a restart")
        .isEqualTo(oldKeyCalls);
    assertThat(fleet.keyStatus(2, "google", "key-1")).isEqualTo("ABSENT");

    // The key is stored sealed, and neither it nor the sealing key reaches a log or an answer.
    try (java.sql.Connection c = fleet.postgres.connect();
        java.sql.ResultSet rows =
            c.createStatement()
                .executeQuery("SELECT sealed_value FROM upstream_key WHERE name = 'key-2'")) {
      assertThat(rows.next()).isTrue();
      assertThat(new String(rows.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContain(fresh.value());
    }
    String listed = fleet.admin(1, "GET", "/admin/v1/upstreams", null).body();
    for (int replica = 1; replica <= 2; replica++) {
      String log =
          java.nio.file.Files.readString(
              java.nio.file.Path.of(
                  "target", "gemini-gateway-replica-" + replica + "-for-tests.log"));
      assertThat(log).doesNotContain(fresh.value()).doesNotContain(fleet.sealingKey);
    }
    assertThat(listed).doesNotContain(fresh.value());
  }

  /**
   * Google refuses the serving key: replica 1's own check confirms it and takes it out, and replica
   * 2 lists it as refused without having seen a refusal itself.
   */
  @Test
  @Order(3)
  void keyRefusedByGoogle_confirmedOnReplicaOne_outOnReplicaTwoToo() throws Exception {
    GatewayFleet.EmulatorKey spare = fleet.createKey();
    String spareName =
        GatewayFleet.field(
            fleet
                .admin(
                    1,
                    "POST",
                    "/admin/v1/upstreams/google/keys",
                    "{\"key\":\"" + spare.value() + "\"}")
                .body(),
            "name");
    fleet.admin(1, "POST", "/admin/v1/upstreams/google/keys/" + spareName + ":promote", null);
    await()
        .atMost(PROPAGATION)
        .until(() -> fleet.keyStatus(2, "google", spareName).equals("SERVING"));

    fleet.emulator.post("/emulator/api-keys/" + spare.uid() + "/disable", "{}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              fleet.generate(1, clientKey);
              return fleet.keyStatus(1, "google", spareName).equals("REFUSED_BY_GOOGLE");
            });
    await()
        .atMost(PROPAGATION)
        .until(() -> fleet.keyStatus(2, "google", spareName).equals("REFUSED_BY_GOOGLE"));
  }

  @Test
  @Order(4)
  void clientDeletedOnReplicaTwo_itsKeyRefusedOnReplicaOne() throws Exception {
    assertThat(fleet.admin(2, "DELETE", "/admin/v1/clients/team-fleet", null).statusCode())
        .isEqualTo(204);
    await().atMost(PROPAGATION).until(() -> fleet.generate(1, clientKey).statusCode() == 400);
    assertThat(fleet.generate(1, clientKey).body()).contains("API_KEY_INVALID");
  }
}
