package io.geminiauth.e2e.fleet;

import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.testsupport.AuditSink;
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
 * Two token-service replicas sharing one PostgreSQL (the postgresql profile) and one mounted key
 * directory, minting at the emulator, as a platform team runs them. The accounts' key files are
 * written to the directory before the replicas start.
 */
final class TokenFleet implements AutoCloseable {
  static final String CALLER_KEY = "fleet-app-key";
  static final String ADMIN_KEY = "fleet-admin-key";
  static final String SCOPE = "https://www.googleapis.com/auth/generative-language";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final EmulatorProcess emulator;
  final TestPostgres postgres;
  final List<ServiceProcess> replicas = new ArrayList<>();
  final Path keys;

  /** Where both replicas ship their auth events. */
  final AuditSink audit = AuditSink.start("fleet-producer");

  TokenFleet(String... accountIds) throws IOException, InterruptedException {
    Path run = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "fleet");
    emulator = EmulatorProcess.start(List.of());
    postgres = TestPostgres.fresh("token_fleet");
    keys = Files.createDirectories(run.resolve("keys"));
    StringBuilder accounts = new StringBuilder();
    for (String id : accountIds) {
      Files.writeString(
          keys.resolve(id + ".json"),
          emulator.post("/emulator/service-accounts", "{\"accountId\":\"" + id + "\"}"));
      accounts
          .append(accounts.length() == 0 ? "" : ",")
          .append('"')
          .append(account(id))
          .append('"');
    }
    Path policy = run.resolve("policy.json");
    Files.writeString(
        policy,
        "{\"callers\":{\"app\":{\"accounts\":["
            + accounts
            + "],\"scopes\":[\""
            + SCOPE
            + "\",\"https://www.googleapis.com/auth/cloud-platform\"]}},\"admins\":[\"ops\"]}");
    byte[] sealing = new byte[32];
    new SecureRandom().nextBytes(sealing);
    for (int i = 1; i <= 2; i++) {
      replicas.add(
          ServiceProcess.start(
              "token-service",
              "token-service-replica-" + i,
              ServiceProcess.freePort(),
              List.of(
                  "quarkus.profile=prod,postgresql",
                  "quarkus.datasource.postgresql.jdbc.url=" + postgres.url(),
                  "token.fleet.sealing-key=" + Base64.getEncoder().encodeToString(sealing),
                  "token.instance=token-service-" + i,
                  "token.credentials.key-directory=" + keys,
                  "token.callers.policy-file=" + policy,
                  "token.callers.key-hashes.app=" + KeyHashes.sha256Hex(CALLER_KEY),
                  "token.callers.key-hashes.ops=" + KeyHashes.sha256Hex(ADMIN_KEY),
                  "token.metadata.port=" + ServiceProcess.freePort(),
                  "token.audit.url=" + audit.eventsUrl(),
                  "token.audit.key=fleet-producer",
                  "token.audit.outbox-directory=" + run.resolve("outbox-" + i),
                  // Every key is over age a second after it loads; both replicas check each second.
                  "token.credentials.key-age-warning=1s",
                  "token.credentials.key-age-check=1s",
                  "token.credentials.key-age-check-delay=1s"),
              Map.of()));
    }
  }

  static String account(String id) {
    return id + "@emulator-project.iam.gserviceaccount.com";
  }

  ServiceProcess replica(int number) {
    return replicas.get(number - 1);
  }

  /** {@code POST /v1/tokens} on a replica: the status and body. */
  HttpResponse<String> token(int replica, String accountId, String scope) throws Exception {
    return send(
        replica,
        "/v1/tokens",
        "POST",
        "{\"serviceAccount\":\"" + account(accountId) + "\",\"scopes\":[\"" + scope + "\"]}",
        "x-token-service-key",
        CALLER_KEY);
  }

  /** An admin call on a replica ({@code path} under {@code /v1/admin/credentials/}). */
  HttpResponse<String> admin(int replica, String method, String path, String body)
      throws Exception {
    return send(
        replica, "/v1/admin/credentials/" + path, method, body, "x-token-service-key", ADMIN_KEY);
  }

  private HttpResponse<String> send(
      int replica, String path, String method, String body, String header, String key)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(replica(replica).baseUrl() + path))
            .header(header, key)
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    replicas.forEach(ServiceProcess::close);
    emulator.close();
    postgres.close();
    audit.close();
  }
}
