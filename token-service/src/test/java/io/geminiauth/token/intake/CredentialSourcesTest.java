package io.geminiauth.token.intake;

import static io.geminiauth.token.GoogleStandIn.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.token.GoogleStandIn;
import io.geminiauth.token.credential.Credential;
import io.geminiauth.token.credential.CredentialRegistry;
import io.geminiauth.token.credential.ServiceAccountKey;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every place a key can come from, and what happens when a mounted file comes, changes, goes. */
@QuarkusTest
@QuarkusTestResource(GoogleStandIn.class)
class CredentialSourcesTest {

  @Inject CredentialRegistry registry;
  @Inject KeyLoader loader;

  @Test
  void start_keysFromPathApplicationDefaultEnvironmentAndDirectory_allLoaded() {
    assertThat(registry.find(account("from-path"))).isPresent();
    assertThat(registry.find(account("from-adc"))).isPresent();
    assertThat(registry.find(account("from-env")))
        .hasValueSatisfying(
            s ->
                assertThat(((Credential.Key) s.credential()).key().origin())
                    .isEqualTo("env:TEST_SA_JSON"));
    assertThat(registry.find(account("batch-jobs"))).isPresent();
  }

  @Test
  void directory_fileAddedReplacedByBrokenOneThenRemoved() throws Exception {
    Path file = GoogleStandIn.keyDir.resolve("late-comer.json");
    String email = account("late-comer");
    Files.writeString(file, GoogleStandIn.createAccount("late-comer"));
    loader.scanDirectory();
    assertThat(registry.find(email)).isPresent();

    // Replaced by a broken file: refused with its name and field, the loaded key keeps serving.
    Files.writeString(file, "{\"type\":\"service_account\",\"client_email\":\"" + email + "\"}");
    loader.scanDirectory();
    assertThat(registry.find(email)).isPresent();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !events(AuthEventType.KEY_LOAD_FAILED, file.toString()).isEmpty());
    assertThat(events(AuthEventType.KEY_LOAD_FAILED, file.toString()).get(0).reason())
        .contains(file.toString())
        .contains("private_key_id");

    Files.delete(file);
    loader.scanDirectory();
    assertThat(registry.find(email)).isEmpty();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !events(AuthEventType.KEY_REVOKED, email).isEmpty());
  }

  /**
   * A mounted file whose key replaces the account's: it serves only once it has minted, with the
   * age IAM gives; a key Google refuses leaves the old one serving; the same key mounted again
   * keeps its age.
   */
  @Test
  void directory_fileWithAnotherKeyOfTheAccount_provenBeforeItServes() throws Exception {
    Path file = GoogleStandIn.keyDir.resolve("re-keyed.json");
    String email = account("re-keyed");
    Files.writeString(file, GoogleStandIn.createAccount("re-keyed"));
    loader.scanDirectory();
    String first = keyId(email);

    Instant madeAt = Instant.parse("2026-08-01T00:00:00Z");
    String second =
        GoogleStandIn.emulator.post(
            "/emulator/service-accounts/" + email + "/keys?validAfter=" + madeAt, "");
    Files.writeString(file, second);
    loader.scanDirectory();
    assertThat(keyId(email)).isNotEqualTo(first);
    assertThat(key(email).created()).isEqualTo(madeAt);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !events(AuthEventType.KEY_ROTATED, email).isEmpty());
    assertThat(events(AuthEventType.KEY_ROTATED, email).get(0).principal())
        .isEqualTo("key-directory");

    // A key Google will not take (disabled at IAM): refused, the proven key keeps serving.
    String third = GoogleStandIn.emulator.post("/emulator/service-accounts/" + email + "/keys", "");
    String thirdId = third.replaceAll("(?s).*\"private_key_id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    GoogleStandIn.emulator.post(
        "/emulator/service-accounts/" + email + "/keys/" + thirdId + "/disable", "");
    Files.writeString(file, third);
    loader.scanDirectory();
    assertThat(keyId(email)).isNotEqualTo(thirdId);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                events(AuthEventType.TOKEN_REQUEST_FAILED, email).stream()
                    .anyMatch(
                        e ->
                            "key-directory".equals(e.principal())
                                && e.reason().startsWith("key verification failed")));

    // The proven key's file mounted again (a new file time): as old as Google says.
    Files.writeString(file, second);
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now()));
    loader.scanDirectory();
    assertThat(key(email).created()).isEqualTo(madeAt);
    Files.delete(file);
    loader.scanDirectory();
  }

  private ServiceAccountKey key(String email) {
    return ((Credential.Key) registry.find(email).orElseThrow().credential()).key();
  }

  private String keyId(String email) {
    return key(email).keyId();
  }

  @Test
  void directory_brokenFileAmongGoodOnes_othersKeepServing() throws Exception {
    Path file = GoogleStandIn.keyDir.resolve("garbage.json");
    Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----");
    try {
      loader.scanDirectory();
      assertThat(registry.find(account("batch-jobs"))).isPresent();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !events(AuthEventType.KEY_LOAD_FAILED, file.toString()).isEmpty());
      assertThat(GoogleStandIn.audit.rawBodies()).doesNotContain("MIIE");
    } finally {
      Files.delete(file);
    }
  }

  private static List<AuthEvent> events(AuthEventType type, String subject) {
    return GoogleStandIn.audit.events().stream()
        .filter(e -> e.type() == type && subject.equals(e.subject()))
        .toList();
  }
}
