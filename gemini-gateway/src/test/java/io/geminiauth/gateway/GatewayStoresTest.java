package io.geminiauth.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geminiauth.common.fleet.Connections;
import io.geminiauth.gateway.GatewayDatabase.StateChannel;
import io.geminiauth.gateway.client.keys.ClientKeyStore;
import io.geminiauth.gateway.client.keys.IssuedKey;
import io.geminiauth.gateway.tenancy.ResourceOwners;
import io.geminiauth.gateway.tenancy.ResourceOwners.Owner;
import io.geminiauth.testsupport.TestPostgres;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway's stores (issued client keys, resource owners) on both databases it runs on, migrated
 * by the service's own Flyway scripts: the embedded H2 of a first run, and PostgreSQL (the server
 * named by {@code AUDIT_TEST_POSTGRES_URL}, as CI sets it, else an embedded one).
 */
class GatewayStoresTest {
  static TestPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = TestPostgres.fresh("gateway_keys");
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  static Stream<String> databases() {
    return Stream.of(
        "jdbc:h2:mem:keys"
            + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
        "postgresql");
  }

  private static ClientKeyStore migrated(String which) {
    return new ClientKeyStore(connections(which), new StateChannel(false));
  }

  private static Connections connections(String which) {
    String url = which.equals("postgresql") ? postgres.url() : which;
    Flyway.configure().dataSource(url, "postgres", null).cleanDisabled(false).load().clean();
    Flyway.configure().dataSource(url, "postgres", null).load().migrate();
    return () -> DriverManager.getConnection(url, "postgres", null);
  }

  /**
   * One name can exist in two projects (upstreams): each has its owner. A second record of the same
   * resource (another replica, first) changes nothing; a forgotten one is gone.
   */
  @ParameterizedTest
  @MethodSource("databases")
  void resourceOwners_recordFindForget(String which) throws Exception {
    ResourceOwners owners = new ResourceOwners(connections(which));
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    owners.record("files/abc", "primary", "team-a", now);
    owners.record("files/abc", "primary", "team-b", now.plusSeconds(1));
    owners.record("files/abc", "rotation", "team-b", now);

    assertThat(owners.owners("files/abc"))
        .containsExactly(new Owner("team-a", "primary"), new Owner("team-b", "rotation"));
    assertThat(owners.owners("files/none")).isEmpty();

    owners.forget("files/abc", "primary");
    assertThat(owners.owners("files/abc")).containsExactly(new Owner("team-b", "rotation"));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void insertListRevoke_roundTrip_revocationKeepsItsFirstTime(String which) throws Exception {
    ClientKeyStore store = migrated(which);
    Instant created = Instant.parse("2026-12-01T10:00:00.123456Z");
    IssuedKey first =
        new IssuedKey("k1", "app", "a".repeat(64), created, "ops", null, null, "first");
    IssuedKey second =
        new IssuedKey(
            "k2",
            "app",
            "b".repeat(64),
            created.plusSeconds(60),
            "ops",
            created.plus(30, ChronoUnit.DAYS),
            null,
            null);
    store.insert(first);
    store.insert(second);

    assertThat(store.all()).containsExactly(second, first);

    Instant revokedAt = created.plusSeconds(120);
    assertThat(store.revoke("k1", revokedAt)).isTrue();
    assertThat(store.revoke("k1", revokedAt.plusSeconds(999))).isTrue();
    assertThat(store.revoke("nope", revokedAt)).isFalse();
    IssuedKey revoked =
        store.all().stream().filter(k -> k.id().equals("k1")).findFirst().orElseThrow();
    assertThat(revoked.revokedAt()).isEqualTo(revokedAt);
    assertThat(revoked.revoked()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void insert_sameHashTwice_refused(String which) throws Exception {
    ClientKeyStore store = migrated(which);
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    store.insert(new IssuedKey("k1", "app", "c".repeat(64), now, "ops", null, null, null));
    assertThatThrownBy(
            () ->
                store.insert(
                    new IssuedKey("k2", "app", "c".repeat(64), now, "ops", null, null, null)))
        .isInstanceOf(SQLException.class);
  }
}
