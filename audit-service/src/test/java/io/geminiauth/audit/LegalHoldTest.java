package io.geminiauth.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.geminiauth.audit.chain.RetentionService;
import io.geminiauth.audit.store.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Under a legal hold, retention deletes nothing, however old the events. */
@QuarkusTest
@TestProfile(LegalHoldTest.Hold.class)
class LegalHoldTest {
  /** The legal hold is set. */
  public static class Hold implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("audit.retention.legal-hold", "true");
    }
  }

  @Inject RetentionService retention;
  @Inject Database database;

  @Test
  void legalHold_suspendsRetention() throws Exception {
    String principal = "held-" + UUID.randomUUID();
    given()
        .header("x-audit-key", AuditServiceContract.PRODUCER_KEY)
        .contentType(ContentType.JSON)
        .body(AuditServiceContract.event(UUID.randomUUID(), principal))
        .post("/v1/events")
        .then()
        .statusCode(201);
    try (Connection c = database.connection();
        Statement s = c.createStatement()) {
      s.execute("UPDATE audit_event SET ingested_at = ingested_at - INTERVAL '900' DAY");
    }

    assertThat(retention.apply()).isZero();

    given()
        .header("x-audit-key", AuditServiceContract.READER_KEY)
        .queryParam("principal", principal)
        .get("/v1/events")
        .then()
        .body("events.size()", equalTo(1));
  }
}
