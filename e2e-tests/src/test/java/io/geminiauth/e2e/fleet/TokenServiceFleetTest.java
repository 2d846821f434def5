package io.geminiauth.e2e.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Credential decisions made on one token-service replica hold on the other within a second (the
 * bound here is generous; {@code bench/fleet-propagation.sh} measures it), and after a restart of
 * either: the shared PostgreSQL ledger, its change feed and the key directory's refusal of retired
 * keys.
 */
class TokenServiceFleetTest {
  static final String ROTATED = "fleet-rotated";
  static final String DISABLED = "fleet-disabled";
  static final String REVOKED = "fleet-revoked";
  // Under the 5 s reconcile: only the change feed's notice can make it in time.
  static final Duration PROPAGATION = Duration.ofSeconds(3);
  static TokenFleet fleet;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = new TokenFleet(ROTATED, DISABLED, REVOKED);
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void disable_onReplicaOne_replicaTwoRefuses_restartKeepsIt_enableReachesBoth() throws Exception {
    assertThat(fleet.token(2, DISABLED, TokenFleet.SCOPE).statusCode()).isEqualTo(200);

    assertThat(fleet.admin(1, "POST", TokenFleet.account(DISABLED) + ":disable", "").statusCode())
        .isEqualTo(200);
    long since = System.nanoTime();
    await()
        .atMost(PROPAGATION)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> fleet.token(2, DISABLED, TokenFleet.SCOPE).statusCode() == 403);
    System.out.printf(
        "disable reached replica 2 in %d ms%n", (System.nanoTime() - since) / 1_000_000);
    assertThat(fleet.token(2, DISABLED, TokenFleet.SCOPE).body())
        .contains("\"status\":\"PERMISSION_DENIED\"")
        .contains("disabled by an administrator");

    fleet.replica(2).restart();
    assertThat(fleet.token(2, DISABLED, TokenFleet.SCOPE).statusCode())
        .as("a restart keeps the fleet's decision")
        .isEqualTo(403);

    assertThat(fleet.admin(1, "POST", TokenFleet.account(DISABLED) + ":enable", "").statusCode())
        .isEqualTo(200);
    await()
        .atMost(PROPAGATION)
        .until(() -> fleet.token(2, DISABLED, TokenFleet.SCOPE).statusCode() == 200);
  }

  /**
   * Rotated on replica 1, and the old key then disabled at Google: replica 2 drops the token the
   * old key minted and mints with the new one; a restarted replica 1 refuses the old key still in
   * its file and serves the new one from the ledger.
   */
  @Test
  void rotate_onReplicaOne_replicaTwoMintsWithTheNewKey_restartDoesNotBringTheOldBack()
      throws Exception {
    String account = TokenFleet.account(ROTATED);
    HttpResponse<String> before = fleet.token(2, ROTATED, TokenFleet.SCOPE);
    assertThat(before.statusCode()).isEqualTo(200);
    String oldKeyId = keyId(Files.readString(fleet.keys.resolve(ROTATED + ".json")));
    String newKey = fleet.emulator.post("/emulator/service-accounts/" + account + "/keys", "{}");

    HttpResponse<String> rotated = fleet.admin(1, "POST", account + ":rotate", newKey);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    fleet.emulator.post(
        "/emulator/service-accounts/" + account + "/keys/" + oldKeyId + "/disable", "{}");

    await()
        .atMost(PROPAGATION)
        .until(
            () ->
                !accessToken(fleet.token(2, ROTATED, TokenFleet.SCOPE))
                    .equals(accessToken(before)));
    assertThat(fleet.token(2, ROTATED, TokenFleet.SCOPE).statusCode())
        .as("minted with the new key: the old one is disabled at Google")
        .isEqualTo(200);

    fleet.replica(1).restart();
    assertThat(
            fleet.token(1, ROTATED, "https://www.googleapis.com/auth/cloud-platform").statusCode())
        .as("a fresh mint after the restart uses the ledger's key, not the file's")
        .isEqualTo(200);
    assertThat(Files.readString(Path.of("target", "token-service-replica-1-for-tests.log")))
        .contains(oldKeyId + ", which was rotated away or revoked and never serves again");
    HttpResponse<String> back =
        fleet.admin(2, "POST", account + ":rotate", oldKeyFile(account, oldKeyId));
    assertThat(back.statusCode()).isEqualTo(400);
    assertThat(back.body()).contains("KEY_RETIRED");
  }

  @Test
  void revoke_onReplicaOne_replicaTwoForgetsIt_andItsKeyFileStaysRefusedAfterARestart()
      throws Exception {
    assertThat(fleet.token(2, REVOKED, TokenFleet.SCOPE).statusCode()).isEqualTo(200);

    assertThat(fleet.admin(1, "DELETE", TokenFleet.account(REVOKED), null).statusCode())
        .isEqualTo(204);
    await()
        .atMost(PROPAGATION)
        .until(() -> fleet.token(2, REVOKED, TokenFleet.SCOPE).statusCode() == 404);

    fleet.replica(2).restart();
    assertThat(fleet.token(2, REVOKED, TokenFleet.SCOPE).statusCode()).isEqualTo(404);
    assertThat(fleet.admin(2, "GET", TokenFleet.account(REVOKED), null).statusCode())
        .isEqualTo(404);
  }

  /** Both replicas check every key's age each second: one KEY_AGE_WARNING per key, not two. */
  @Test
  void keyAgeWarning_oncePerKeyForTheFleet() throws Exception {
    String keyId = keyId(Files.readString(fleet.keys.resolve(DISABLED + ".json")));
    await().atMost(Duration.ofSeconds(10)).until(() -> ageWarnings(keyId) >= 1);
    Thread.sleep(3000); // three more rounds on each replica
    assertThat(ageWarnings(keyId)).isEqualTo(1);
    assertThat(
            fleet.audit.events().stream()
                .filter(e -> e.type() == io.geminiauth.common.event.AuthEventType.KEY_AGE_WARNING)
                .map(e -> e.attributes().get("keyId"))
                .toList())
        .as("every key warned about once")
        .doesNotHaveDuplicates();
  }

  private static long ageWarnings(String keyId) {
    return fleet.audit.events().stream()
        .filter(e -> e.type() == io.geminiauth.common.event.AuthEventType.KEY_AGE_WARNING)
        .filter(e -> keyId.equals(e.attributes().get("keyId")))
        .count();
  }

  private static String oldKeyFile(String account, String keyId) throws Exception {
    String file = Files.readString(fleet.keys.resolve(ROTATED + ".json"));
    assertThat(file).contains(account).contains(keyId);
    return file;
  }

  private static String keyId(String keyFile) {
    return field(keyFile, "private_key_id");
  }

  private static String accessToken(HttpResponse<String> response) {
    return field(response.body(), "access_token");
  }

  private static String field(String json, String name) {
    int at = json.indexOf("\"" + name + "\"");
    int start = json.indexOf('"', json.indexOf(':', at) + 1) + 1;
    return json.substring(start, json.indexOf('"', start));
  }
}
