package io.geminiauth.token;

import io.geminiauth.testsupport.AuditSink;
import io.geminiauth.testsupport.EmulatorProcess;
import io.geminiauth.testsupport.MovableClockProducer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Google (the emulator, as a process) and the audit-service's ingestion (a strict sink) for the
 * token-service's tests, with accounts, key files in a mounted-secrets directory, OIDC clients and
 * a caller policy.
 *
 * <p>Callers: static key {@value #BATCH_KEY} (caller {@code batch-runner}); OIDC clients {@code
 * gemini-gateway}, {@code ops-console} (role token-admin) and {@code stranger}.
 */
public class GoogleStandIn implements QuarkusTestResourceLifecycleManager {
  public static final String PROJECT = "emulator-project";
  public static final String OIDC_SECRET = "oidc-test-secret";
  public static final String BATCH_KEY = "test-batch-key";
  public static final String AUDIT_KEY = "test-audit-producer-key";
  public static final String GEMINI = "https://www.googleapis.com/auth/generative-language";
  public static final String CLOUD = "https://www.googleapis.com/auth/cloud-platform";

  public static volatile EmulatorProcess emulator;
  public static volatile AuditSink audit;
  public static volatile Path keyDir;
  public static volatile Path policyFile;
  public static volatile Path subjectTokenFile;

  public static final String WIF_AUDIENCE =
      "//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/k8s/providers/cluster";
  public static final String WIF_SUBJECT = "system:serviceaccount:apps:summarizer";

  /** A federated identity used as is, without impersonation. */
  public static final String FEDERATED_DIRECT = "summarizer@federated";

  /** Writes a fresh projected token, as the kubelet does before the old one expires. */
  public static void writeSubjectToken() throws IOException {
    String token =
        emulator
            .post(
                "/emulator/oidc/tokens",
                "{\"subject\":\"" + WIF_SUBJECT + "\",\"audience\":\"https:" + WIF_AUDIENCE + "\"}")
            .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    Files.writeString(subjectTokenFile, token);
  }

  static void grantTokenCreator(String target, String member) {
    emulator.post(
        "/emulator/iam/token-creators",
        "{\"target\":\"" + target + "\",\"member\":\"" + member + "\"}");
  }

  public static String account(String id) {
    return id + "@" + PROJECT + ".iam.gserviceaccount.com";
  }

  /** Moves the service's clock and the emulator's together. */
  public static void advance(Duration by) {
    MovableClockProducer.CLOCK.advance(by);
    emulator.post("/emulator/clock", "{\"advanceSeconds\":" + by.toSeconds() + "}");
  }

  /** Puts both clocks back to real time. */
  public static void resetClocks() {
    MovableClockProducer.CLOCK.reset();
    emulator.delete("/emulator/clock");
  }

  /** Creates an account at the emulator and returns its key file's JSON. */
  public static String createAccount(String id) {
    return emulator.post(
        "/emulator/service-accounts",
        "{\"accountId\":\"" + id + "\",\"projectId\":\"" + PROJECT + "\"}");
  }

  @Override
  public Map<String, String> start() {
    emulator =
        EmulatorProcess.start(
            List.of(
                "emulator.oidc.clients.gemini-gateway.secret=" + OIDC_SECRET,
                "emulator.oidc.clients.gemini-gateway.roles=token-consumer",
                "emulator.oidc.clients.ops-console.secret=" + OIDC_SECRET,
                "emulator.oidc.clients.ops-console.roles=token-admin",
                "emulator.oidc.clients.stranger.secret=" + OIDC_SECRET,
                "emulator.oidc.clients.stranger.roles=nothing"));
    audit = AuditSink.start(AUDIT_KEY);
    try {
      Path root = Files.createDirectories(Path.of("target", "token-test"));
      keyDir = Files.createTempDirectory(root, "keys");
      for (String id :
          List.of(
              "gemini-caller",
              "batch-jobs",
              "vertex-user",
              "broken-key",
              "flaky-net",
              "crowd-cold",
              "outage-sa")) {
        Files.writeString(keyDir.resolve(id + ".json"), createAccount(id));
      }
      // Keyless: batch-jobs' token impersonates imp-target through the delegate imp-hop.
      createAccount("imp-hop");
      createAccount("imp-target");
      grantTokenCreator(account("imp-hop"), account("batch-jobs"));
      grantTokenCreator(account("imp-target"), account("imp-hop"));
      // Federation: a Kubernetes-style projected token, exchanged at STS, then impersonating.
      createAccount("wif-target");
      emulator.post(
          "/emulator/workload-identity-providers", "{\"audience\":\"" + WIF_AUDIENCE + "\"}");
      grantTokenCreator(
          account("wif-target"),
          "principal:"
              + WIF_AUDIENCE.substring(0, WIF_AUDIENCE.indexOf("/providers/"))
              + "/subject/"
              + WIF_SUBJECT);
      subjectTokenFile = root.resolve("k8s-token");
      writeSubjectToken();
      // The other sources: one file by path, GOOGLE_APPLICATION_CREDENTIALS, a variable with JSON.
      Path single = root.resolve("single-" + System.nanoTime() + ".json");
      Files.writeString(single, createAccount("from-path"));
      Path adc = root.resolve("adc-" + System.nanoTime() + ".json");
      Files.writeString(adc, createAccount("from-adc"));
      TestEnvironment.VARS.put("GOOGLE_APPLICATION_CREDENTIALS", adc.toString());
      TestEnvironment.VARS.put("TEST_SA_JSON", createAccount("from-env"));
      policyFile = root.resolve("policy.json");
      Files.writeString(policyFile, policy());
      Map<String, String> config = new HashMap<>();
      config.put("token.credentials.key-directory", keyDir.toString());
      config.put("token.credentials.use-application-default", "true");
      config.put("token.credentials.key-file", single.toString());
      config.put("token.credentials.key-json-env", "TEST_SA_JSON");
      config.put("token.upstream.iam-credentials", emulator.baseUrl());
      config.put("token.upstream.iam", emulator.baseUrl());
      config.put("token.upstream.sts", emulator.baseUrl() + "/v1/token");
      config.put("token.callers.policy-file", policyFile.toString());
      config.put("token.credentials.impersonated.imp.target-account", account("imp-target"));
      config.put("token.credentials.impersonated.imp.source-account", account("batch-jobs"));
      config.put("token.credentials.impersonated.imp.delegates", account("imp-hop"));
      config.put("token.credentials.federated.wif.audience", WIF_AUDIENCE);
      config.put("token.credentials.federated.wif.subject-token-file", subjectTokenFile.toString());
      config.put("token.credentials.federated.wif.impersonate", account("wif-target"));
      config.put("token.credentials.federated.\"" + FEDERATED_DIRECT + "\".audience", WIF_AUDIENCE);
      config.put(
          "token.credentials.federated.\"" + FEDERATED_DIRECT + "\".subject-token-file",
          subjectTokenFile.toString());
      config.put("token.metadata.default-account", account("vertex-user"));
      config.put("token.metadata.accounts", account("gemini-caller"));
      config.put(
          "token.callers.key-hashes.batch-runner",
          io.geminiauth.common.redact.KeyHashes.sha256Hex(BATCH_KEY));
      config.put("quarkus.oidc.tenant-enabled", "true");
      config.put("quarkus.oidc.auth-server-url", emulator.baseUrl() + "/oidc");
      config.put("token.audit.url", audit.eventsUrl());
      config.put("token.audit.key", AUDIT_KEY);
      config.put(
          "token.audit.outbox-directory", Files.createTempDirectory(root, "outbox").toString());
      return config;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The policy the tests start with. */
  public static String policy() {
    return """
        {
          "callers": {
            "batch-runner": {
              "accounts": ["%s", "%s", "%s", "%s", "%s"],
              "scopes": ["%s", "%s"]
            },
            "gemini-gateway": {
              "accounts": ["%s"],
              "scopes": ["%s"]
            },
            "ops-console": {
              "accounts": ["*@%s.iam.gserviceaccount.com", "summarizer@federated"],
              "scopes": ["*"]
            }
          },
          "admins": []
        }
        """
        .formatted(
            account("batch-jobs"),
            account("broken-key"),
            account("flaky-net"),
            account("crowd-cold"),
            account("outage-sa"),
            GEMINI,
            CLOUD,
            account("gemini-caller"),
            GEMINI,
            PROJECT);
  }

  @Override
  public void stop() {
    if (emulator != null) {
      emulator.close();
    }
    if (audit != null) {
      audit.close();
    }
  }
}
