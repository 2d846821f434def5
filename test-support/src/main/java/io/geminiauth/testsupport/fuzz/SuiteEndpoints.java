package io.geminiauth.testsupport.fuzz;

import java.util.List;
import java.util.Map;

/**
 * The valid requests each service's campaign starts from, the same in the seeded subset of the
 * tests and in {@code bench/fuzz.sh}. None changes state when sent as it is, so that a campaign can
 * check that nothing changed, whatever method a mutation gives them: the client key is for a client
 * that does not exist, the upstream for keys does not exist, the admin calls are reads of lists or
 * of an account that does not exist.
 */
public final class SuiteEndpoints {
  private static final String JSON = "application/json";
  private static final String GENERATE_BODY =
      "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],"
          + "\"generationConfig\":{\"maxOutputTokens\":8,\"temperature\":0.5}}";

  private SuiteEndpoints() {}

  public static List<Endpoint> gateway(String clientKey, String adminKey) {
    Map<String, String> client = Map.of("x-goog-api-key", clientKey, "Content-Type", JSON);
    Map<String, String> admin = Map.of("x-gateway-admin-key", adminKey, "Content-Type", JSON);
    return List.of(
        Endpoint.post("/v1beta/models/gemini-2.5-flash:generateContent", client, GENERATE_BODY),
        Endpoint.post(
            "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", client, GENERATE_BODY),
        Endpoint.post("/v1beta/models/gemini-2.5-flash:countTokens", client, GENERATE_BODY),
        Endpoint.get("/v1beta/models?pageSize=5", client),
        Endpoint.get("/v1beta/models/gemini-2.5-flash", client),
        Endpoint.get("/admin/v1/client-keys", admin),
        Endpoint.get("/admin/v1/upstreams", admin),
        Endpoint.get("/admin/v1/clients", admin),
        Endpoint.post(
            "/admin/v1/client-keys",
            admin,
            "{\"client\":\"no-such-client\",\"ttlSeconds\":60,\"description\":\"fuzz\"}"),
        Endpoint.post("/admin/v1/upstreams/no-such-upstream/keys", admin, "{\"key\":\"x\"}"));
  }

  public static List<Endpoint> tokenService(String callerKey, String adminKey, String account) {
    Map<String, String> caller = Map.of("x-token-service-key", callerKey, "Content-Type", JSON);
    Map<String, String> admin = Map.of("x-token-service-key", adminKey, "Content-Type", JSON);
    return List.of(
        Endpoint.post(
            "/v1/tokens",
            caller,
            "{\"serviceAccount\":\""
                + account
                + "\",\"scopes\":[\"https://www.googleapis.com/auth/generative-language\"]}"),
        Endpoint.get("/v1/admin/credentials", admin),
        // An account that is not there: a method mutation turning this read into DELETE or
        // :disable must find nothing to change (the 10,000-request run revoked the real one).
        Endpoint.get("/v1/admin/credentials/fuzz-no-such@fuzz.iam.gserviceaccount.com", admin));
  }

  public static List<Endpoint> auditService(String producerKey, String readerKey) {
    Map<String, String> producer = Map.of("x-audit-key", producerKey, "Content-Type", JSON);
    Map<String, String> reader = Map.of("x-audit-key", readerKey);
    return List.of(
        // The nil UUID: refused whatever else a mutation leaves, so nothing is stored.
        Endpoint.post(
            "/v1/events",
            producer,
            "{\"id\":\"00000000-0000-0000-0000-000000000000\",\"time\":\"2026-11-01T10:15:30Z\","
                + "\"type\":\"TOKEN_ISSUED\",\"source\":{\"service\":\"fuzz\",\"instance\":\"f-1\"},"
                + "\"principal\":\"fuzz\",\"subject\":\"s\",\"outcome\":\"SUCCESS\","
                + "\"scopes\":[\"a\"],\"attributes\":{\"k1\":\"v\"}}"),
        Endpoint.get("/v1/events?principal=fuzz&limit=5", reader),
        Endpoint.get("/v1/stats?interval=1h&by=type", reader),
        Endpoint.get("/v1/events/export?from=2026-01-01T00:00:00Z", reader),
        Endpoint.get("/v1/alerts?limit=3", reader),
        Endpoint.get("/v1/legal-holds", reader),
        Endpoint.get("/v1/integrity", reader));
  }
}
