package io.geminiauth.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geminiauth.common.error.FieldViolation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuthEventJsonTest {
  private static final String ID = "0b6f3f7e-6a55-4f0c-9d43-8d0f6c3e2a10";

  private static String json(String extra) {
    return """
        {"id":"%s","time":"2026-01-01T10:00:00.123456789+01:00","type":"TOKEN_ISSUED",
         "source":{"service":"token-service","instance":"pod-1"},
         "principal":"svc-a","subject":"sa@p.iam.gserviceaccount.com","outcome":"SUCCESS",
         "scopes":["https://www.googleapis.com/auth/generative-language"],
         "callerIp":"10.1.2.3","attributes":{"zeta":"1","alpha":"2"}%s}
        """
        .formatted(ID, extra);
  }

  @Test
  void read_validEvent_normalisesTimeToUtcMicros() {
    AuthEvent event = AuthEventJson.read(json(""));

    assertThat(event.id()).isEqualTo(UUID.fromString(ID));
    assertThat(event.time()).isEqualTo(Instant.parse("2026-01-01T09:00:00.123456Z"));
    assertThat(event.type()).isEqualTo(AuthEventType.TOKEN_ISSUED);
    assertThat(event.source()).isEqualTo(new EventSource("token-service", "pod-1"));
    assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void write_isCanonical_fixedOrderSortedAttributesNoEmptyFields() {
    AuthEvent event = AuthEventJson.read(json(""));

    assertThat(AuthEventJson.write(event))
        .isEqualTo(
            "{\"id\":\""
                + ID
                + "\",\"time\":\"2026-01-01T09:00:00.123456Z\",\"type\":\"TOKEN_ISSUED\","
                + "\"source\":{\"service\":\"token-service\",\"instance\":\"pod-1\"},"
                + "\"principal\":\"svc-a\",\"subject\":\"sa@p.iam.gserviceaccount.com\","
                + "\"outcome\":\"SUCCESS\","
                + "\"scopes\":[\"https://www.googleapis.com/auth/generative-language\"],"
                + "\"callerIp\":\"10.1.2.3\",\"attributes\":{\"alpha\":\"2\",\"zeta\":\"1\"}}");
    assertThat(AuthEventJson.read(AuthEventJson.write(event))).isEqualTo(event);
  }

  @Test
  void read_unknownField_isRejectedByName() {
    assertThatThrownBy(() -> AuthEventJson.read(json(",\"secretSauce\":\"x\"")))
        .isInstanceOfSatisfying(
            InvalidAuthEventException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(
                        new FieldViolation("secretSauce", "is not a field of an auth event")));
  }

  @Test
  void read_unknownEnumValue_listsTheAllowedOnes() {
    String bad = json("").replace("\"SUCCESS\"", "\"MAYBE\"");

    assertThatThrownBy(() -> AuthEventJson.read(bad))
        .isInstanceOfSatisfying(
            InvalidAuthEventException.class,
            e -> {
              assertThat(e.violations().get(0).field()).isEqualTo("outcome");
              assertThat(e.violations().get(0).description())
                  .isEqualTo("must be one of [SUCCESS, FAILURE, DENIED]");
              assertThat(e.error().error().code()).isEqualTo(400);
              assertThat(e.error().error().status()).isEqualTo("INVALID_ARGUMENT");
            });
  }

  @Test
  void read_numericOrLocalTime_isRejected() {
    for (String time : List.of("1767258000", "\"2026-01-01T10:00:00\"", "\"yesterday\"")) {
      String bad = json("").replace("\"2026-01-01T10:00:00.123456789+01:00\"", time);
      assertThatThrownBy(() -> AuthEventJson.read(bad))
          .as(time)
          .isInstanceOfSatisfying(
              InvalidAuthEventException.class,
              e -> assertThat(e.violations().get(0).field()).isEqualTo("time"));
    }
  }

  @Test
  void read_wrongJsonTypes_notCoerced_nilIdAndControlCharactersRefused() {
    for (String bad :
        List.of(
            json("").replace("\"SUCCESS\"", "1"),
            json("").replace("\"TOKEN_ISSUED\"", "0"),
            json(",\"principal\":42"),
            json(",\"attributes\":{\"n\":7}"),
            json("").replace(ID, "00000000-0000-0000-0000-000000000000"),
            json(",\"attributes\":{\"n\":\"a\\u0000b\"}"))) {
      assertThatThrownBy(() -> AuthEventJson.read(bad))
          .as(bad)
          .isInstanceOf(InvalidAuthEventException.class);
    }
  }

  @Test
  void read_badIdAndTrailingGarbage_areRejected() {
    assertThatThrownBy(() -> AuthEventJson.read(json("").replace(ID, "not-a-uuid")))
        .isInstanceOfSatisfying(
            InvalidAuthEventException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(new FieldViolation("id", "must be a UUID")));
    assertThatThrownBy(() -> AuthEventJson.read(json("") + "{}"))
        .isInstanceOf(InvalidAuthEventException.class);
  }

  @Test
  void read_invalidValue_errorDoesNotEchoIt() {
    String secretish = "ya29.a0AfH6SMBxSECRETSECRET";
    String bad = json("").replace("\"10.1.2.3\"", "\"" + secretish + "\"");

    assertThatThrownBy(() -> AuthEventJson.read(bad))
        .isInstanceOfSatisfying(
            InvalidAuthEventException.class,
            e -> {
              assertThat(e.violations())
                  .containsExactly(
                      new FieldViolation("callerIp", "must be an IPv4 or IPv6 address"));
              assertThat(e.getMessage()).doesNotContain(secretish);
            });
  }

  @Test
  void constructor_reportsEveryViolationAtOnce() {
    assertThatThrownBy(
            () ->
                AuthEvent.builder()
                    .source("Token Service", null)
                    .principal(" ")
                    .reason("x".repeat(2000))
                    .traceId("has space")
                    .scopes(List.of("a b"))
                    .attributes(Map.of("1bad", "v"))
                    .build())
        .isInstanceOfSatisfying(
            InvalidAuthEventException.class,
            e ->
                assertThat(e.violations())
                    .extracting(FieldViolation::field)
                    .containsExactly(
                        "id",
                        "time",
                        "type",
                        "outcome",
                        "source.service",
                        "principal",
                        "reason",
                        "traceId",
                        "scopes[0]",
                        "attributes"));
  }

  @Test
  void constructor_limitsCollections() {
    Map<String, String> many = new java.util.HashMap<>();
    for (int i = 0; i < 33; i++) {
      many.put("k" + i, "v");
    }
    assertThatThrownBy(() -> valid().attributes(many).build())
        .isInstanceOfSatisfying(
            InvalidAuthEventException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(new FieldViolation("attributes", "has more than 32 entries")));
  }

  @Test
  void constructor_acceptsIpv6AndRefusesHostNames() {
    assertThat(valid().callerIp("2001:db8::1").build().callerIp()).isEqualTo("2001:db8::1");
    assertThat(valid().callerIp("::ffff:10.0.0.1").build().callerIp()).isEqualTo("::ffff:10.0.0.1");
    for (String notIp : List.of("cafe.babe", "localhost", "300.1.1.1", "1.2.3", "::g")) {
      assertThatThrownBy(() -> valid().callerIp(notIp).build())
          .as(notIp)
          .isInstanceOf(InvalidAuthEventException.class);
    }
  }

  @Test
  void collections_areImmutableCopies() {
    List<String> scopes = new java.util.ArrayList<>(List.of("s1"));
    AuthEvent event = valid().scopes(scopes).build();
    scopes.add("s2");

    assertThat(event.scopes()).containsExactly("s1");
    assertThatThrownBy(() -> event.scopes().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static AuthEvent.Builder valid() {
    return AuthEvent.now(Instant.parse("2026-01-01T00:00:00Z"))
        .type(AuthEventType.ACCESS_DENIED)
        .source("gemini-gateway", "gw-1")
        .outcome(Outcome.DENIED);
  }
}
