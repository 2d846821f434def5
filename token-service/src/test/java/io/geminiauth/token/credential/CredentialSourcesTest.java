package io.geminiauth.token.credential;

import static io.geminiauth.token.GoogleStandIn.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.token.GoogleStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
