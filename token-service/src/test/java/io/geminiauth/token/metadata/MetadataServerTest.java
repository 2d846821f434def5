package io.geminiauth.token.metadata;

import static io.geminiauth.token.GoogleStandIn.CLOUD;
import static io.geminiauth.token.GoogleStandIn.GEMINI;
import static io.geminiauth.token.GoogleStandIn.OIDC_SECRET;
import static io.geminiauth.token.GoogleStandIn.account;
import static io.geminiauth.token.GoogleStandIn.emulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.token.GoogleStandIn;
import io.geminiauth.token.broker.TokenBroker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(GoogleStandIn.class)
class MetadataServerTest {
  static final String ACCOUNTS = "/computeMetadata/v1/instance/service-accounts";

  @Inject MetadataServer server;
  @Inject TokenBroker broker;

  RequestSpecification metadata() {
    return given()
        .baseUri("http://127.0.0.1")
        .port(server.port())
        .header("Metadata-Flavor", "Google");
  }

  @Test
  void token_default_googleShapeAndFlavorHeader() {
    metadata()
        .get(ACCOUNTS + "/default/token")
        .then()
        .statusCode(200)
        .header("Metadata-Flavor", "Google")
        .contentType(ContentType.JSON)
        .body("token_type", equalTo("Bearer"))
        .body("expires_in", greaterThan(300))
        .body("access_token", org.hamcrest.Matchers.startsWith("ya29."));
    String info =
        emulator.get(
            "/tokeninfo?access_token="
                + metadata()
                    .get(ACCOUNTS + "/default/token?scopes=" + GEMINI + "," + CLOUD)
                    .path("access_token"));
    assertThat(info).contains(account("vertex-user")).contains(GEMINI).contains(CLOUD);
  }

  @Test
  void requests_withoutFlavorOrForwarded_forbiddenLikeTheRealServer_andAudited() {
    given()
        .baseUri("http://127.0.0.1")
        .port(server.port())
        .header("User-Agent", "flavorless-probe")
        .get(ACCOUNTS + "/default/token")
        .then()
        .statusCode(403);
    metadata()
        .header("User-Agent", "unserved-account-probe")
        .get(ACCOUNTS + "/nobody@elsewhere.iam.gserviceaccount.com/token")
        .then()
        .statusCode(404);
    // Every refusal is a denial in the trail, named by the caller's address.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                GoogleStandIn.audit.events().stream()
                        .filter(e -> e.type() == AuthEventType.ACCESS_DENIED)
                        .filter(e -> "metadata:127.0.0.1".equals(e.principal()))
                        .map(AuthEvent::userAgent)
                        .filter(ua -> ua != null && ua.endsWith("-probe"))
                        .distinct()
                        .count()
                    == 2);
    given()
        .baseUri("http://127.0.0.1")
        .port(server.port())
        .get(ACCOUNTS + "/default/token")
        .then()
        .statusCode(403)
        .header("Metadata-Flavor", "Google");
    metadata()
        .header("X-Forwarded-For", "10.0.0.1")
        .get(ACCOUNTS + "/default/token")
        .then()
        .statusCode(403)
        .header("Metadata-Flavor", "Google");
    // The root answers anyone: libraries ping it to detect the metadata server.
    given()
        .baseUri("http://127.0.0.1")
        .port(server.port())
        .get("/")
        .then()
        .statusCode(200)
        .header("Metadata-Flavor", "Google");
  }

  @Test
  void accountPaths_emailScopesRecursiveProjectUniverse() {
    metadata()
        .get(ACCOUNTS + "/default/email")
        .then()
        .statusCode(200)
        .body(equalTo(account("vertex-user")));
    metadata().get(ACCOUNTS + "/default/scopes").then().statusCode(200).body(equalTo(CLOUD + "\n"));
    metadata()
        .get(ACCOUNTS + "/" + account("gemini-caller") + "/?recursive=true")
        .then()
        .statusCode(200)
        .body("email", equalTo(account("gemini-caller")))
        .body("scopes[0]", equalTo(CLOUD));
    metadata()
        .get(ACCOUNTS + "/default/?recursive=true")
        .then()
        .statusCode(200)
        .body("aliases[0]", equalTo("default"));
    metadata()
        .get("/computeMetadata/v1/project/project-id")
        .then()
        .statusCode(200)
        .body(equalTo(GoogleStandIn.PROJECT));
    metadata()
        .get("/computeMetadata/v1/universe/universe-domain")
        .then()
        .statusCode(200)
        .body(equalTo("googleapis.com"));
    metadata()
        .get("/computeMetadata/v1/")
        .then()
        .statusCode(200)
        .header("Metadata-Flavor", "Google");
    // An account this sidecar does not serve is unknown here, whatever the service holds.
    metadata().get(ACCOUNTS + "/" + account("batch-jobs") + "/token").then().statusCode(404);
  }

  /** An unmodified google-auth-library and GenAI SDK, in their own process, find and use us. */
  @Test
  void googleAuthLibrary_applicationDefaultViaGceMetadataHost_getsRefreshesAndGenaiVertexSends()
      throws Exception {
    Path home = Files.createTempDirectory(Path.of("target"), "home");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MetadataClientMain.class.getName());
    command.add(emulator.baseUrl());
    command.add(GoogleStandIn.PROJECT);
    Process process =
        onlyMetadataHost(
                new ProcessBuilder(command).redirectError(new File("target/metadata-client.err")),
                home)
            .start();
    Map<String, String> out = new HashMap<>();
    try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = process.getOutputStream()) {
      for (String line; (line = lines.readLine()) != null; ) {
        keyValue(line, out);
        if (line.startsWith("token1=")) {
          // Drop the cached token: the library's next refresh must bring a new one.
          assertThat(broker.invalidate(account("vertex-user"))).isPositive();
          in.write("go\n".getBytes(StandardCharsets.UTF_8));
          in.flush();
        }
      }
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as(Files.readString(Path.of("target/metadata-client.err")))
        .isZero();
    assertThat(out).containsEntry("class", "ComputeEngineCredentials");
    assertThat(out).containsEntry("account", account("vertex-user"));
    assertThat(out.get("token1")).isNotEqualTo(out.get("token2"));
    // The token the library holds now is the one the service hands out for that account.
    String current =
        given()
            .header(
                "Authorization",
                "Bearer " + emulator.oidcToken("ops-console", OIDC_SECRET, "token-service"))
            .contentType(ContentType.JSON)
            .body(
                "{\"serviceAccount\":\""
                    + account("vertex-user")
                    + "\",\"scopes\":[\""
                    + CLOUD
                    + "\"]}")
            .post("/v1/tokens")
            .path("access_token");
    assertThat(out.get("token2")).isEqualTo(MetadataClientMain.fingerprint(current));
    assertThat(out).containsEntry("vertex", "true");
  }

  /**
   * Node's unmodified google-auth-library (installed by the build from {@code src/test/node}'s lock
   * file) finds the listener through {@code GCE_METADATA_HOST} alone: it detects "GCE" by asking
   * for {@code /computeMetadata/v1/instance}, then reads the account, the project and a token.
   */
  @Test
  void nodeGoogleAuthLibrary_applicationDefaultViaGceMetadataHost_detectsAndGetsToken()
      throws Exception {
    Path home = Files.createTempDirectory(Path.of("target"), "home");
    Process process =
        onlyMetadataHost(
                new ProcessBuilder("node", "adc-client.js")
                    .directory(new File("src/test/node"))
                    .redirectError(new File("target/node-adc-client.err")),
                home)
            .start();
    Map<String, String> out = new HashMap<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        keyValue(line, out);
      }
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as(Files.readString(Path.of("target/node-adc-client.err")))
        .isZero();
    assertThat(out).containsEntry("class", "Compute");
    assertThat(out).containsEntry("account", account("vertex-user"));
    assertThat(out).containsEntry("project", GoogleStandIn.PROJECT);
    assertThat(out).containsEntry("header", "true");
    String current =
        metadata().get(ACCOUNTS + "/default/token?scopes=" + GEMINI).path("access_token");
    assertThat(out.get("token")).isEqualTo(MetadataClientMain.fingerprint(current));
  }

  @Test
  void instanceDirectoryAndRecursiveAccounts_answerLikeTheRealServer() {
    metadata()
        .get("/computeMetadata/v1/instance")
        .then()
        .statusCode(200)
        .header("Metadata-Flavor", "Google")
        .body(org.hamcrest.Matchers.containsString("service-accounts/"));
    metadata()
        .get(ACCOUNTS + "/?recursive=true")
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body("default.email", equalTo(account("vertex-user")))
        .body("default.aliases[0]", equalTo("default"))
        .body("'" + account("gemini-caller") + "'.email", equalTo(account("gemini-caller")))
        .body("'" + account("gemini-caller") + "'.scopes[0]", equalTo(CLOUD));
  }

  /**
   * A client process whose only hint of a metadata server is {@code GCE_METADATA_HOST}: no key
   * file, no project from the environment, an empty home (no gcloud credentials).
   */
  private ProcessBuilder onlyMetadataHost(ProcessBuilder builder, Path home) {
    Map<String, String> env = builder.environment();
    env.remove("GOOGLE_APPLICATION_CREDENTIALS");
    env.remove("NO_GCE_CHECK");
    env.remove("GOOGLE_CLOUD_PROJECT");
    env.remove("GCLOUD_PROJECT");
    env.put("HOME", home.toString());
    env.put("GCE_METADATA_HOST", "127.0.0.1:" + server.port());
    return builder;
  }

  /** The clients print {@code name=value} lines (fingerprints, never tokens). */
  private static void keyValue(String line, Map<String, String> out) {
    String[] kv = line.split("=", 2);
    if (kv.length == 2) {
      out.put(kv[0], kv[1]);
    }
  }
}
