package io.geminiauth.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.geminiauth.audit.chain.CheckpointService;
import io.geminiauth.audit.store.Database;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the audit-service promises its users, run once against H2 and once against PostgreSQL:
 * ingestion, idempotency, validation, secret hygiene, authentication, queries and tamper evidence.
 */
abstract class AuditServiceContract {
  static final String PRODUCER_KEY = "test-producer-key";
  static final String READER_KEY = "test-reader-key";
  static final String ADMIN_KEY = "test-admin-key";

  @Inject Database database;
  @Inject CheckpointService checkpoints;
  @Inject io.geminiauth.audit.chain.RetentionService retention;

  @BeforeEach
  void emptyStore() throws SQLException {
    sql(
        "DELETE FROM audit_event",
        "DELETE FROM audit_chain_head",
        "DELETE FROM audit_chain_base",
        "DELETE FROM audit_checkpoint",
        "DELETE FROM legal_hold");
  }

  static RequestSpecification producer() {
    return given().header("x-audit-key", PRODUCER_KEY).contentType(ContentType.JSON);
  }

  static RequestSpecification reader() {
    return given().header("x-audit-key", READER_KEY);
  }

  static String event(UUID id, String principal, String outcome, Instant time) {
    return """
        {"id":"%s","time":"%s","type":"TOKEN_ISSUED","source":{"service":"token-service","instance":"pod-1"},
         "principal":"%s","subject":"sa@p.iam.gserviceaccount.com","outcome":"%s",
         "scopes":["https://www.googleapis.com/auth/generative-language"],"callerIp":"10.0.0.7",
         "attributes":{"cache":"miss"}}
        """
        .formatted(id, time, principal, outcome);
  }

  static String event(UUID id, String principal) {
    return event(id, principal, "SUCCESS", Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  void sql(String... statements) throws SQLException {
    try (Connection c = database.connection();
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  @Test
  void malformedRequests_seeded_noServerErrorNoHangGoogleErrors_nothingStored_chainVerifies() {
    int port =
        org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getValue("quarkus.http.test-port", Integer.class);
    String before = reader().get("/v1/events?source=fuzz&limit=5").asString();
    boolean verifiedBefore = reader().get("/v1/integrity").jsonPath().getBoolean("verified");

    io.geminiauth.testsupport.fuzz.FuzzCampaign.Report report =
        io.geminiauth.testsupport.fuzz.FuzzCampaign.run(
            "audit-service",
            "127.0.0.1",
            port,
            io.geminiauth.testsupport.fuzz.SuiteEndpoints.auditService(PRODUCER_KEY, READER_KEY),
            20261204L,
            400);

    assertThat(report.clean()).as(report.summary()).isTrue();
    assertThat(reader().get("/v1/events?source=fuzz&limit=5").asString()).isEqualTo(before);
    // Whatever other tests did to the store, the campaign did not break the chain.
    assertThat(reader().get("/v1/integrity").jsonPath().getBoolean("verified"))
        .isEqualTo(verifiedBefore);
  }

  @Test
  void postOne_storedThenReadBackExactly() {
    UUID id = UUID.randomUUID();
    Instant time = Instant.parse("2026-11-01T10:15:30.123456Z");

    producer()
        .body(event(id, "svc-a", "SUCCESS", time))
        .post("/v1/events")
        .then()
        .statusCode(201)
        .body("stored", equalTo(1))
        .body("results[0].status", equalTo("STORED"));

    JsonPath stored =
        JsonPath.from(reader().get("/v1/events/" + id).then().statusCode(200).extract().asString());
    assertThat(stored.getString("time")).isEqualTo("2026-11-01T10:15:30.123456Z");
    assertThat(stored.getString("principal")).isEqualTo("svc-a");
    assertThat(stored.getList("scopes"))
        .containsExactly("https://www.googleapis.com/auth/generative-language");
    assertThat(stored.getMap("attributes")).containsEntry("cache", "miss");
  }

  @Test
  void sameEventTwice_storedOnceReportedDuplicate_sameIdOtherContent_conflict() {
    UUID id = UUID.randomUUID();
    String body = event(id, "svc-a");
    producer().body(body).post("/v1/events").then().statusCode(201);

    producer()
        .body(body)
        .post("/v1/events")
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("DUPLICATE"));
    producer()
        .body(body.replace("svc-a", "svc-b"))
        .post("/v1/events")
        .then()
        .statusCode(409)
        .body("error.status", equalTo("ALREADY_EXISTS"));

    reader().queryParam("principal", "svc-a").get("/v1/events").then().body("events", hasSize(1));
  }

  @Test
  void batch_badItemsRejectedGoodOnesStored_perItemResults() {
    UUID good1 = UUID.randomUUID();
    UUID good2 = UUID.randomUUID();
    // The same event twice (same time too): the second is a duplicate, not a conflict.
    String first = event(good1, "svc-a");
    String batch =
        "["
            + first
            + ","
            + event(UUID.randomUUID(), "svc-a").replace("\"TOKEN_ISSUED\"", "\"TOKEN_STOLEN\"")
            + ","
            + "{\"id\":\""
            + UUID.randomUUID()
            + "\"},"
            + event(good2, "svc-a")
            + ","
            + first
            + "]";

    producer()
        .body(batch)
        .post("/v1/events")
        .then()
        .statusCode(200)
        .body("stored", equalTo(2))
        .body("duplicates", equalTo(1))
        .body("rejected", equalTo(2))
        .body("results[0].status", equalTo("STORED"))
        .body("results[1].status", equalTo("REJECTED"))
        .body("results[1].error.details[0].fieldViolations[0].field", equalTo("type"))
        .body(
            "results[2].error.details[0].fieldViolations.field",
            org.hamcrest.Matchers.hasItems("time", "type", "source", "outcome"))
        .body("results[3].status", equalTo("STORED"))
        .body("results[4].status", equalTo("DUPLICATE"));
  }

  @Test
  void ndjson_eachLineAnEvent_malformedLineRejected() {
    String body =
        event(UUID.randomUUID(), "svc-n").replace("\n", " ")
            + "\n{not json\n"
            + event(UUID.randomUUID(), "svc-n").replace("\n", " ")
            + "\n";

    given()
        .header("x-audit-key", PRODUCER_KEY)
        .contentType("application/x-ndjson")
        .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post("/v1/events")
        .then()
        .statusCode(200)
        .body("stored", equalTo(2))
        .body("rejected", equalTo(1))
        .body(
            "results[1].error.details[0].fieldViolations[0].description",
            equalTo("is not valid JSON"));
  }

  @Test
  void notAnEvent_nullOrScalarItems_rejectedPerItem_never5xx() {
    producer()
        .body(
            "[null, 1, \"x\", [], " + event(UUID.randomUUID(), "svc-null").replace("\n", " ") + "]")
        .post("/v1/events")
        .then()
        .statusCode(200)
        .body("stored", equalTo(1))
        .body("rejected", equalTo(4))
        .body(
            "results[0].error.details[0].fieldViolations[0].description",
            equalTo("is not a JSON object"));
    given()
        .header("x-audit-key", PRODUCER_KEY)
        .contentType("application/x-ndjson")
        .body("null\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post("/v1/events")
        .then()
        .statusCode(200)
        .body("rejected", equalTo(1));
    producer().body("null").post("/v1/events").then().statusCode(400);
  }

  /** An empty Content-Type reaches the resource (it is no media type): read as JSON, not a 500. */
  @Test
  void contentTypeEmpty_readAsJson_never5xx() throws Exception {
    java.net.http.HttpResponse<String> answer =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + io.restassured.RestAssured.port + "/v1/events"))
                    .header("x-audit-key", PRODUCER_KEY)
                    .header("Content-Type", "")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            event(UUID.randomUUID(), "svc-empty-type")))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    org.assertj.core.api.Assertions.assertThat(answer.statusCode())
        .as(answer.body())
        .isEqualTo(201);
  }

  @Test
  void query_limitNotANumberOrOutOfRange_400NamingIt_notA404() {
    for (String limit : List.of("abc", "0", "-1", "1.5", "99999999999")) {
      for (String path : List.of("/v1/events", "/v1/alerts")) {
        reader()
            .get(path + "?limit=" + limit)
            .then()
            .statusCode(400)
            .body("error.status", equalTo("INVALID_ARGUMENT"))
            .body("error.message", org.hamcrest.Matchers.startsWith("limit must be"));
      }
    }
  }

  @Test
  void filters_withNulOrControlCharacters_400OnEveryReadEndpoint() {
    for (String path : List.of("/v1/events", "/v1/stats", "/v1/events/export")) {
      reader()
          .urlEncodingEnabled(false)
          .get(path + "?principal=a%00b")
          .then()
          .statusCode(400)
          .body("error.message", org.hamcrest.Matchers.startsWith("principal must not contain"));
    }
  }

  @Test
  void stats_intervalTooLargeOrNotANumber_400NotAnOverflow() {
    for (String interval : List.of("99999999999999999d", "9999999d", "abc", "0s")) {
      reader()
          .get("/v1/stats?interval=" + interval)
          .then()
          .statusCode(400)
          .body("error.status", equalTo("INVALID_ARGUMENT"))
          .body("error.message", org.hamcrest.Matchers.containsString("interval"));
    }
  }

  @Test
  void invalidSingleEvent_googleErrorWithFieldPath_andNothingStored() {
    String body =
        event(UUID.randomUUID(), "svc-a")
            .replace("\"10.0.0.7\"", "\"not-an-ip\"")
            .replace("\"pod-1\"}", "\"pod-1\",\"color\":\"red\"}");

    producer()
        .body(body)
        .post("/v1/events")
        .then()
        .statusCode(400)
        .body("error.status", equalTo("INVALID_ARGUMENT"))
        .body("error.details[0].'@type'", equalTo("type.googleapis.com/google.rpc.BadRequest"))
        .body("error.details[0].fieldViolations[0].field", equalTo("source.color"));
    producer()
        .body(event(UUID.randomUUID(), "svc-f", "SUCCESS", Instant.now().plusSeconds(3600)))
        .post("/v1/events")
        .then()
        .statusCode(400)
        .body("error.details[0].fieldViolations[0].field", equalTo("time"));
    producer()
        .body("{\"oops\":")
        .post("/v1/events")
        .then()
        .statusCode(400)
        .body("error.status", equalTo("INVALID_ARGUMENT"));

    reader().get("/v1/events").then().body("events", hasSize(0));
  }

  @Test
  void secretsInAnyField_rejected_andNeverStoredNorEchoed() {
    String token = "ya29.a0AfB_byC-realLookingAccessTokenValue1234567890";
    String apiKey = "AIzaSyD-1234567890abcdefghijklmnopqrstu";
    String jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImFiYyJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJlLWJ5dGVz";
    String pem =
        "-----BEGIN PRIVATE KEY----- MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ -----END PRIVATE KEY-----";
    String[] bodies = {
      event(UUID.randomUUID(), token),
      event(UUID.randomUUID(), "svc").replace("sa@p.iam.gserviceaccount.com", apiKey),
      event(UUID.randomUUID(), "svc").replace("\"cache\":\"miss\"", "\"note\":\"" + jwt + "\""),
      event(UUID.randomUUID(), "svc").replace("\"pod-1\"", "\"" + pem + "\""),
      event(UUID.randomUUID(), "svc")
          .replace("\"cache\":\"miss\"", "\"client_secret\":\"GOCSPX-abcdefghijklmnop\""),
      event(UUID.randomUUID(), "svc")
          .replace(
              "\"scopes\":[",
              "\"reason\":\"refresh failed: refresh_token=1//0gAbCdEf\",\"scopes\":["),
      event(UUID.randomUUID(), "svc")
          .replace(
              "\"scopes\":[",
              "\"userAgent\":\"curl Authorization: Bearer abcdef123456\",\"scopes\":["),
    };
    for (String body : bodies) {
      String answer =
          producer().body(body).post("/v1/events").then().statusCode(400).extract().asString();
      assertThat(answer)
          .contains("looks like a secret")
          .doesNotContain(token)
          .doesNotContain(apiKey)
          .doesNotContain(jwt)
          .doesNotContain("MIIEvQ")
          .doesNotContain("GOCSPX-abc")
          .doesNotContain("0gAbCdEf")
          .doesNotContain("abcdef123456");
    }
    reader().get("/v1/events").then().body("events", hasSize(0));
  }

  @Test
  void writesAndReads_needTheirOwnKeys() {
    given()
        .contentType(ContentType.JSON)
        .body(event(UUID.randomUUID(), "x"))
        .post("/v1/events")
        .then()
        .statusCode(401)
        .body("error.status", equalTo("UNAUTHENTICATED"));
    given()
        .header("x-audit-key", "guess")
        .contentType(ContentType.JSON)
        .body(event(UUID.randomUUID(), "x"))
        .post("/v1/events")
        .then()
        .statusCode(401);
    given()
        .header("x-audit-key", READER_KEY)
        .contentType(ContentType.JSON)
        .body(event(UUID.randomUUID(), "x"))
        .post("/v1/events")
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"));
    given().header("x-audit-key", PRODUCER_KEY).get("/v1/events").then().statusCode(403);
    given().get("/v1/events").then().statusCode(401);
  }

  @Test
  void query_filtersCombine_newestFirst_keysetPagesCoverEverythingOnce() {
    Instant base = Instant.parse("2026-10-01T00:00:00Z");
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      String principal = i % 2 == 0 ? "even" : "odd";
      String outcome = i % 5 == 0 ? "FAILURE" : "SUCCESS";
      // Several events share a time, so the id must break ties.
      items.add(event(UUID.randomUUID(), principal, outcome, base.plusSeconds(i / 3)));
    }
    producer()
        .body("[" + String.join(",", items) + "]")
        .post("/v1/events")
        .then()
        .body("stored", equalTo(25));

    List<String> seen = new ArrayList<>();
    String cursor = null;
    Instant previous = Instant.MAX;
    do {
      RequestSpecification request =
          reader().queryParam("principal", "even").queryParam("limit", 4);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      JsonPath page =
          JsonPath.from(request.get("/v1/events").then().statusCode(200).extract().asString());
      for (String time : page.<String>getList("events.time")) {
        Instant t = Instant.parse(time);
        assertThat(t).isBeforeOrEqualTo(previous);
        previous = t;
      }
      seen.addAll(page.getList("events.id"));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    assertThat(seen).hasSize(13).doesNotHaveDuplicates();

    reader()
        .queryParam("principal", "even")
        .queryParam("outcome", "FAILURE")
        .get("/v1/events")
        .then()
        .body("events", hasSize(3))
        .body("nextCursor", nullValue());
    reader()
        .queryParam("from", "2026-10-01T00:00:03Z")
        .queryParam("to", "2026-10-01T00:00:05Z")
        .queryParam("type", "TOKEN_ISSUED")
        .queryParam("source", "token-service")
        .get("/v1/events")
        .then()
        .body("events", hasSize(6));
    reader()
        .queryParam("outcome", "MAYBE")
        .get("/v1/events")
        .then()
        .statusCode(400)
        .body("error.details[0].fieldViolations[0].field", equalTo("outcome"));
    reader().queryParam("cursor", "garbage").get("/v1/events").then().statusCode(400);
    reader()
        .get("/v1/events/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("error.status", equalTo("NOT_FOUND"));
  }

  @Test
  void stats_countsPerBucketAndGroup() {
    Instant base = Instant.parse("2026-10-02T10:00:00Z");
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      // 6 in the first minute (2 failures), 4 in the second (1 failure).
      Instant time = base.plusSeconds(i < 6 ? i : 60 + i);
      items.add(event(UUID.randomUUID(), "stats", i % 3 == 0 ? "FAILURE" : "SUCCESS", time));
    }
    producer()
        .body("[" + String.join(",", items) + "]")
        .post("/v1/events")
        .then()
        .body("stored", equalTo(10));

    JsonPath stats =
        JsonPath.from(
            reader()
                .queryParam("groupBy", "outcome")
                .queryParam("interval", "1m")
                .queryParam("from", "2026-10-02T10:00:00Z")
                .queryParam("to", "2026-10-02T10:05:00Z")
                .get("/v1/stats")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertThat(stats.getString("interval")).isEqualTo("60s");
    assertThat(stats.getList("rows.bucket"))
        .containsExactly(
            "2026-10-02T10:00:00Z",
            "2026-10-02T10:00:00Z",
            "2026-10-02T10:01:00Z",
            "2026-10-02T10:01:00Z");
    assertThat(stats.getList("rows.outcome"))
        .containsExactly("FAILURE", "SUCCESS", "FAILURE", "SUCCESS");
    assertThat(stats.getList("rows.count", Integer.class)).containsExactly(2, 4, 2, 2);

    reader().queryParam("groupBy", "password").get("/v1/stats").then().statusCode(400);
    reader().queryParam("interval", "7x").get("/v1/stats").then().statusCode(400);
  }

  @Test
  void export_ndjsonAndCsv_streamEveryFilteredEvent() {
    storeSome(3);
    producer()
        .body(event(UUID.randomUUID(), "=cmd|' /C calc'!A0"))
        .post("/v1/events")
        .then()
        .statusCode(201);

    String ndjson =
        reader()
            .queryParam("format", "ndjson")
            .get("/v1/events/export")
            .then()
            .statusCode(200)
            .contentType("application/x-ndjson")
            .extract()
            .asString();
    assertThat(ndjson.lines().toList())
        .hasSize(4)
        .allSatisfy(
            line ->
                assertThat(io.geminiauth.common.event.AuthEventJson.read(line).type().name())
                    .isEqualTo("TOKEN_ISSUED"));

    String csv =
        reader()
            .queryParam("format", "csv")
            .queryParam("principal", "svc-1")
            .get("/v1/events/export")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(csv.lines().toList())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("id,time,type,outcome");
    String formula =
        reader()
            .queryParam("format", "csv")
            .queryParam("principal", "=cmd|' /C calc'!A0")
            .get("/v1/events/export")
            .then()
            .extract()
            .asString();
    assertThat(formula).contains(",\"'=cmd|' /C calc'!A0\",");
    reader().queryParam("format", "xml").get("/v1/events/export").then().statusCode(400);
  }

  private List<String> storeSome(int n) {
    List<String> ids = new ArrayList<>();
    List<String> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id.toString());
      items.add(event(id, "svc-" + i));
    }
    producer()
        .body("[" + String.join(",", items) + "]")
        .post("/v1/events")
        .then()
        .body("stored", equalTo(n));
    return ids;
  }

  @Test
  void integrity_untouchedStore_verifies() throws SQLException {
    storeSome(5);
    checkpoints.checkpoint();
    storeSome(3);

    reader()
        .get("/v1/integrity")
        .then()
        .statusCode(200)
        .body("verified", equalTo(true))
        .body("eventsChecked", equalTo(8))
        .body("checkpointsChecked", equalTo(1));
  }

  @Test
  void integrity_editedRow_detectedAtThatEvent() throws SQLException {
    List<String> ids = storeSome(5);
    sql("UPDATE audit_event SET principal = 'someone-else' WHERE id = '" + ids.get(2) + "'");

    reader()
        .get("/v1/integrity")
        .then()
        .statusCode(200)
        .body("verified", equalTo(false))
        .body("firstBreak.kind", equalTo("EDITED"))
        .body("firstBreak.eventId", equalTo(ids.get(2)))
        .body("firstBreak.seq", equalTo(3));
  }

  @Test
  void integrity_deletedRow_detectedAsMissingLink() throws SQLException {
    List<String> ids = storeSome(5);
    sql("DELETE FROM audit_event WHERE id = '" + ids.get(1) + "'");

    reader()
        .get("/v1/integrity")
        .then()
        .body("verified", equalTo(false))
        .body("firstBreak.kind", equalTo("MISSING"))
        .body("firstBreak.seq", equalTo(2));
  }

  @Test
  void integrity_reorderedRows_detected() throws SQLException {
    storeSome(5);
    // Swap links 2 and 3 (through a free number, as seq is unique).
    sql(
        "UPDATE audit_event SET seq = 1000 WHERE seq = 2",
        "UPDATE audit_event SET seq = 2 WHERE seq = 3",
        "UPDATE audit_event SET seq = 3 WHERE seq = 1000");

    reader()
        .get("/v1/integrity")
        .then()
        .body("verified", equalTo(false))
        .body("firstBreak.kind", equalTo("RELINKED"))
        .body("firstBreak.seq", equalTo(2));
  }

  @Test
  void integrity_chainCutShortAfterACheckpoint_detected() throws SQLException {
    storeSome(5);
    checkpoints.checkpoint();
    // Remove the last two events and make the head table agree: only the checkpoint remembers.
    sql(
        "DELETE FROM audit_event WHERE seq > 3",
        "UPDATE audit_chain_head SET seq = 3, hash = (SELECT hash FROM audit_event WHERE seq = 3)");

    reader()
        .get("/v1/integrity")
        .then()
        .body("verified", equalTo(false))
        .body("firstBreak.kind", equalTo("TRUNCATED"))
        .body("firstBreak.seq", equalTo(5));
  }

  @Test
  void retention_deletesOldLinks_chainStaysVerifiable_unsignedCutDetected() throws SQLException {
    storeSome(6);
    checkpoints.checkpoint();
    // The first three were ingested 500 days ago (the default age limit is 400 days).
    sql("UPDATE audit_event SET ingested_at = ingested_at - INTERVAL '500' DAY WHERE seq <= 3");

    assertThat(retention.apply()).isEqualTo(3);
    reader().get("/v1/events").then().body("events", hasSize(3));
    reader()
        .get("/v1/integrity")
        .then()
        .statusCode(200)
        .log()
        .ifValidationFails()
        .body("verified", equalTo(true))
        .body("eventsChecked", equalTo(3));

    // Someone deletes one more link and moves the base to hide it (with the right hash, so the
    // chain itself looks whole): no signed checkpoint names that base.
    sql(
        "UPDATE audit_chain_base SET seq = 4, hash = (SELECT hash FROM audit_event WHERE seq = 4)",
        "DELETE FROM audit_event WHERE seq = 4");
    reader()
        .get("/v1/integrity")
        .then()
        .body("verified", equalTo(false))
        .body("firstBreak.kind", equalTo("UNSIGNED_BASE"));
  }

  /**
   * A legal hold is a row, set and released by an audit admin only: while it is active retention
   * deletes nothing (on every replica: each run reads the table), and both changes are events in
   * the chain. Bad requests change nothing.
   */
  @Test
  void legalHold_setByAnAdmin_suspendsRetention_releasedItRunsAgain_bothAudited()
      throws SQLException {
    storeSome(4);
    checkpoints.checkpoint();
    sql("UPDATE audit_event SET ingested_at = ingested_at - INTERVAL '500' DAY WHERE seq <= 2");

    producer().body("{\"reason\":\"x\"}").post("/v1/legal-holds").then().statusCode(403);
    reader()
        .contentType(ContentType.JSON)
        .body("{\"reason\":\"x\"}")
        .post("/v1/legal-holds")
        .then()
        .statusCode(403)
        .body("error.status", equalTo("PERMISSION_DENIED"));
    admin()
        .body("{\"reason\":\"  \"}")
        .post("/v1/legal-holds")
        .then()
        .statusCode(400)
        .body("error.details[0].fieldViolations[0].field", equalTo("reason"));
    reader().get("/v1/legal-holds").then().statusCode(200).body("legalHolds", hasSize(0));

    String id =
        admin()
            .body("{\"reason\":\"litigation 2026-117\"}")
            .post("/v1/legal-holds")
            .then()
            .statusCode(201)
            .body("setBy", org.hamcrest.Matchers.startsWith("admin key "))
            .extract()
            .path("id");
    assertThat(retention.apply()).as("held").isZero();

    admin().post("/v1/legal-holds/" + id + ":release").then().statusCode(200);
    admin().post("/v1/legal-holds/" + id + ":release").then().statusCode(409);
    admin().post("/v1/legal-holds/no-such-hold:release").then().statusCode(404);
    assertThat(retention.apply()).as("released: the two old events go").isEqualTo(2);

    reader()
        .queryParam("type", "POLICY_CHANGED")
        .queryParam("source", "audit-service")
        .get("/v1/events")
        .then()
        .body("events", hasSize(2))
        .body(
            "events.reason",
            org.hamcrest.Matchers.hasItems(
                "legal hold set: litigation 2026-117", "legal hold released: litigation 2026-117"));
    reader().get("/v1/integrity").then().body("verified", equalTo(true));
  }

  static RequestSpecification admin() {
    return given().header("x-audit-key", ADMIN_KEY).contentType(ContentType.JSON);
  }

  @Test
  void integrity_forgedCheckpoint_detected() throws SQLException {
    storeSome(2);
    checkpoints.checkpoint();
    sql("UPDATE audit_checkpoint SET payload = REPLACE(payload, '\"seq\":2', '\"seq\":1')");

    reader()
        .get("/v1/integrity")
        .then()
        .body("verified", equalTo(false))
        .body("firstBreak.kind", equalTo("BAD_SIGNATURE"));
  }

  @Test
  void checkpoints_exportWithPublicKeys() throws SQLException {
    storeSome(2);
    checkpoints.checkpoint();

    JsonPath export =
        JsonPath.from(reader().get("/v1/checkpoints").then().statusCode(200).extract().asString());
    assertThat(export.getList("checkpoints")).hasSize(1);
    String keyId = export.getString("checkpoints[0].keyId");
    assertThat(export.getList("keys.keyId")).contains(keyId);
    assertThat(
            io.geminiauth.audit.chain.CheckpointSigner.verify(
                export.getString("keys.find { it.keyId == '" + keyId + "' }.publicKey"),
                export.getString("checkpoints[0].payload"),
                export.getString("checkpoints[0].signature")))
        .isTrue();
  }

  @Test
  void batchLimitAndBodyLimit_refusedClearly() {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      items.add(event(UUID.randomUUID(), "svc"));
    }
    producer()
        .body("[" + String.join(",", items) + "]")
        .post("/v1/events")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo("A request may hold at most 1000 events; this one holds 1001."));
  }

  @io.quarkus.test.common.http.TestHTTPResource("/")
  java.net.URL base;

  @Test
  void hugeBody_413FromTheHeadersAlone() throws Exception {
    // Announce 9 MB and send none of it: the answer must come without the body being read.
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write(
              ("POST /v1/events HTTP/1.1\r\nHost: localhost\r\nx-audit-key: "
                      + PRODUCER_KEY
                      + "\r\nContent-Type: application/json\r\nContent-Length: "
                      + (9 * 1024 * 1024)
                      + "\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String status =
          new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream()))
              .readLine();
      assertThat(status).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
    }
  }
}
