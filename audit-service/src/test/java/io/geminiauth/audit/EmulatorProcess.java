package io.geminiauth.audit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The suite's google-emulator, run as its own process on a free loopback port, as the OIDC issuer
 * of the tests. It is built before this module in the reactor ({@code ./mvnw verify}). Its internal
 * clients: {@code producer-svc} (role audit-producer), {@code reader-svc} (audit-reader) and {@code
 * other-svc} (neither).
 */
public class EmulatorProcess implements QuarkusTestResourceLifecycleManager {
  static final String SECRET = "emulator-test-secret";
  static volatile String baseUrl;

  private Process process;

  @Override
  public Map<String, String> start() {
    Path jar = Path.of("..", "google-emulator", "target", "quarkus-app", "quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          "The google-emulator is not built: run ./mvnw verify from the root (or ./mvnw package"
              + " -DskipTests -pl common,google-emulator first).");
    }
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Dquarkus.http.port=" + port);
    for (String[] client :
        new String[][] {
          {"producer-svc", "audit-producer"},
          {"reader-svc", "audit-reader"},
          {"other-svc", "service"}
        }) {
      command.add("-Demulator.oidc.clients." + client[0] + ".secret=" + SECRET);
      command.add("-Demulator.oidc.clients." + client[0] + ".roles=" + client[1]);
    }
    command.add("-jar");
    command.add(jar.toString());
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(new File("target/google-emulator-for-tests.log"))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start the google-emulator", e);
    }
    baseUrl = "http://127.0.0.1:" + port;
    waitUntilReady();
    return Map.of(
        "quarkus.oidc.tenant-enabled", "true", "quarkus.oidc.auth-server-url", baseUrl + "/oidc");
  }

  @Override
  public void stop() {
    if (process != null) {
      process.destroy();
    }
  }

  /** A client-credentials token from the emulator's issuer, for the audit-service audience. */
  static String token(String clientId) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/oidc/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "grant_type=client_credentials&audience=audit-service&client_id="
                                + clientId
                                + "&client_secret="
                                + SECRET))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("token request failed: " + response.statusCode());
    }
    return response.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
  }

  private void waitUntilReady() {
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 120; i++) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (!process.isAlive()) {
        break;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException(
        "the google-emulator did not start; see target/google-emulator-for-tests.log");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
