package io.geminiauth.e2e.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.testsupport.EmulatorProcess;
import io.geminiauth.testsupport.ServiceProcess;
import io.geminiauth.testsupport.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Two gateway replicas sharing one PostgreSQL (the postgresql profile), relaying to the emulator
 * with Google API keys, as a platform team runs them.
 */
final class GatewayFleet implements AutoCloseable {
  static final String ADMIN_KEY = "fleet-gateway-admin-key";
  static final String BODY = "{\"contents\":[{\"parts\":[{\"text\":\"Hi\"}]}]}";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  final EmulatorProcess emulator;
  final TestPostgres postgres;
  final List<ServiceProcess> replicas = new ArrayList<>();

  /** The emulator's uid and value of the upstream's configured key. */
  final EmulatorKey configuredKey;

  /** The key that seals the API keys stored in the database (a secret like any other). */
  final String sealingKey;

  record EmulatorKey(String uid, String value) {}

  GatewayFleet(List<String> extraSettings) throws IOException {
    Path run = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "gwfleet");
    emulator = EmulatorProcess.start(List.of());
    postgres = TestPostgres.fresh("gateway_fleet");
    configuredKey = createKey();
    byte[] sealing = new byte[32];
    new SecureRandom().nextBytes(sealing);
    sealingKey = Base64.getEncoder().encodeToString(sealing);
    for (int i = 1; i <= 2; i++) {
      List<String> settings =
          new ArrayList<>(
              List.of(
                  "quarkus.profile=prod,postgresql",
                  "quarkus.datasource.postgresql.jdbc.url=" + postgres.url(),
                  "gateway.fleet.sealing-key=" + sealingKey,
                  "gateway.instance=gemini-gateway-" + i,
                  "gateway.admin.key-hashes.ops=" + KeyHashes.sha256Hex(ADMIN_KEY),
                  "gateway.upstreams.google.base-url=" + emulator.baseUrl(),
                  "gateway.upstreams.google.api-keys=" + configuredKey.value(),
                  "gateway.audit.outbox-directory=" + run.resolve("outbox-" + i)));
      settings.addAll(extraSettings);
      replicas.add(
          ServiceProcess.start(
              "gemini-gateway",
              "gemini-gateway-replica-" + i,
              ServiceProcess.freePort(),
              settings,
              Map.of()));
    }
  }

  EmulatorKey createKey() throws IOException {
    JsonNode key =
        JSON.readTree(
            emulator.post(
                "/emulator/api-keys", "{\"type\":\"AUTH\",\"project\":\"emulator-project\"}"));
    return new EmulatorKey(key.path("uid").asText(), key.path("keyString").asText());
  }

  ServiceProcess replica(int number) {
    return replicas.get(number - 1);
  }

  /** A generateContent through a replica with a client key. */
  HttpResponse<String> generate(int replica, String clientKey) throws Exception {
    return send(
        HttpRequest.newBuilder(
                URI.create(
                    replica(replica).baseUrl() + "/v1beta/models/gemini-2.5-flash:generateContent"))
            .header("x-goog-api-key", clientKey)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(BODY)));
  }

  /** An admin call on a replica. */
  HttpResponse<String> admin(int replica, String method, String path, String body)
      throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(replica(replica).baseUrl() + path))
            .header("x-gateway-admin-key", ADMIN_KEY)
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The status of an upstream key as a replica lists it. */
  String keyStatus(int replica, String upstream, String name) throws Exception {
    for (JsonNode u : JSON.readTree(admin(replica, "GET", "/admin/v1/upstreams", null).body())) {
      if (u.path("name").asText().equals(upstream)) {
        for (JsonNode k : u.path("keys")) {
          if (k.path("name").asText().equals(name)) {
            return k.path("status").asText();
          }
        }
      }
    }
    return "ABSENT";
  }

  static String field(String json, String name) throws IOException {
    return JSON.readTree(json).path(name).asText();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    replicas.forEach(ServiceProcess::close);
    emulator.close();
    postgres.close();
  }
}
