package io.geminiauth.token.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.geminiauth.common.fleet.SecretSealer;
import io.geminiauth.testsupport.TestPostgres;
import io.geminiauth.token.fleet.Decision.Action;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both ledgers (a single instance's memory, the fleet's PostgreSQL migrated by the service's own
 * Flyway script) keep the same order and state; the PostgreSQL one also seals what it stores and
 * tells a second replica when something changed.
 */
class CredentialLedgerTest {
  static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  static final String A = "a@p.iam.gserviceaccount.com";
  static final String B = "b@p.iam.gserviceaccount.com";
  static final byte[] KEY_ONE = keyFile("1111aaaa");
  static final byte[] KEY_TWO = keyFile("2222bbbb");
  static final SecretSealer SEALER = SecretSealer.of(randomKey(), "token.fleet.sealing-key");

  static TestPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = TestPostgres.fresh("token_ledger");
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  static Stream<String> ledgers() {
    return Stream.of("memory", "postgresql");
  }

  static CredentialLedger ledger(String which) {
    if (which.equals("memory")) {
      return new MemoryLedger();
    }
    Flyway.configure()
        .dataSource(postgres.url(), TestPostgres.USER, null)
        .cleanDisabled(false)
        .load()
        .clean();
    Flyway.configure().dataSource(postgres.url(), TestPostgres.USER, null).load().migrate();
    return replica();
  }

  /** Another replica's view of the same PostgreSQL ledger. */
  static PostgresLedger replica() {
    return new PostgresLedger(postgres::connect, SEALER, CLOCK);
  }

  @ParameterizedTest
  @MethodSource("ledgers")
  void latest_isEachAccountsLastStateDecision_flushesAndReplacedKeysLeftOut(String which) {
    CredentialLedger ledger = ledger(which);
    Decision first = ledger.record(Decision.key(A, "1111aaaa", null, KEY_ONE, T0, "ops", T0));
    ledger.record(Decision.of(Action.DISABLED, B, null, "ops", T0));
    Decision rotated =
        ledger.record(Decision.key(A, "2222bbbb", "1111aaaa", KEY_TWO, T0, "ops", T0));
    Decision flushed = ledger.record(Decision.of(Action.FLUSHED, B, null, "ops", T0));

    assertThat(first.version()).isLessThan(rotated.version());
    assertThat(ledger.latest())
        .extracting(Decision::account, Decision::action, Decision::keyId)
        .containsExactly(tuple(B, Action.DISABLED, null), tuple(A, Action.KEY, "2222bbbb"));
    assertThat(ledger.latest().get(1).keyFile()).isEqualTo(KEY_TWO);
    assertThat(ledger.since(rotated.version())).containsExactly(flushed);
    assertThat(ledger.retired("1111aaaa")).isTrue();
    assertThat(ledger.retired("2222bbbb")).isFalse();
  }

  @ParameterizedTest
  @MethodSource("ledgers")
  void revocation_retiresTheKey_andAgeWarningIsClaimedOnce(String which) {
    CredentialLedger ledger = ledger(which);
    ledger.record(Decision.of(Action.REVOKED, A, "1111aaaa", "ops", T0));
    assertThat(ledger.retired("1111aaaa")).isTrue();

    assertThat(ledger.claimAgeWarning("2222bbbb")).isTrue();
    assertThat(ledger.claimAgeWarning("2222bbbb")).isFalse();
  }

  @Test
  void postgres_storesKeysSealed_wipesReplacedOnes_anotherReplicaSeesItAll() throws Exception {
    CredentialLedger one = ledger("postgresql");
    one.record(Decision.key(A, "1111aaaa", null, KEY_ONE, T0, "ops", T0));
    one.record(Decision.key(A, "2222bbbb", "1111aaaa", KEY_TWO, T0, "ops", T0));

    try (Connection c = postgres.connect();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT key_id, sealed_key, sealing_key_id FROM credential_decision ORDER BY"
                    + " version")) {
      rows.next();
      assertThat(rows.getBytes("sealed_key")).as("the replaced key is wiped").isNull();
      rows.next();
      String stored = new String(rows.getBytes("sealed_key"), StandardCharsets.ISO_8859_1);
      assertThat(stored).doesNotContain("PRIVATE KEY").doesNotContain("2222bbbb-secret-part");
      assertThat(rows.getString("sealing_key_id")).isEqualTo(SEALER.keyId());
    }

    PostgresLedger two = replica();
    assertThat(two.claimAgeWarning("2222bbbb")).isTrue();
    assertThat(one.claimAgeWarning("2222bbbb")).as("the other replica already warned").isFalse();
    assertThat(two.latest())
        .singleElement()
        .satisfies(d -> assertThat(d.keyFile()).isEqualTo(KEY_TWO));

    // A sealed key moved to another account's row does not open there.
    try (Connection c = postgres.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE credential_decision SET account = '" + B + "' WHERE key_id = '2222bbbb'");
    }
    assertThatThrownBy(two::latest).hasMessageContaining("did not open");

    // Another sealing key does not open it either, and says which key it needs.
    PostgresLedger otherKey =
        new PostgresLedger(
            postgres::connect, SecretSealer.of(randomKey(), "token.fleet.sealing-key"), CLOCK);
    assertThatThrownBy(otherKey::latest).hasMessageContaining("sealed with key " + SEALER.keyId());
  }

  @Test
  void postgres_aDecisionOnOneReplica_wakesTheOthersFeed() throws Exception {
    CredentialLedger one = ledger("postgresql");
    AtomicInteger catchUps = new AtomicInteger();
    // A reconcile far away: only the notice can wake it within the wait.
    try (AutoCloseable feed = replica().follow(Duration.ofHours(1), catchUps::incrementAndGet)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> catchUps.get() == 1); // on connecting
      one.record(Decision.of(Action.DISABLED, A, null, "ops", T0));
      await().atMost(Duration.ofSeconds(10)).until(() -> catchUps.get() == 2);
    }
  }

  @Test
  void sealer_refusesAKeyThatIsNot32Bytes() {
    assertThatThrownBy(
            () ->
                SecretSealer.of(
                    Base64.getEncoder().encodeToString(new byte[16]), "token.fleet.sealing-key"))
        .hasMessageContaining("32 bytes")
        .hasMessageContaining("16 bytes");
    assertThatThrownBy(() -> SecretSealer.of("not base64!", "token.fleet.sealing-key"))
        .hasMessageContaining("not base64")
        .hasMessageNotContaining("not base64!");
  }

  private static byte[] keyFile(String keyId) {
    // The ledger stores the bytes it is given; they need not parse here.
    return ("{\"private_key_id\":\""
            + keyId
            + "\",\"private_key\":\"-----BEGIN PRIVATE KEY-----"
            + keyId
            + "-secret-part\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
