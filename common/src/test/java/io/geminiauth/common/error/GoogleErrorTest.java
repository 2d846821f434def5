package io.geminiauth.common.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoogleErrorTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void resourceExhausted_serialisesExactlyAsGoogle() throws Exception {
    GoogleError error = GoogleError.resourceExhausted("Quota exceeded.", Duration.ofSeconds(30));

    assertThat(mapper.writeValueAsString(error))
        .isEqualTo(
            "{\"error\":{\"code\":429,\"message\":\"Quota exceeded.\","
                + "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"30s\"}]}}");
  }

  @Test
  void errorWithoutDetails_omitsTheField() throws Exception {
    assertThat(mapper.writeValueAsString(GoogleError.notFound("No such model.")))
        .isEqualTo(
            "{\"error\":{\"code\":404,\"message\":\"No such model.\",\"status\":\"NOT_FOUND\"}}");
  }

  @Test
  void googleBody_parsesBackWithTypedDetails() throws Exception {
    String body =
        """
        {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",
          "status":"INVALID_ARGUMENT","details":[
            {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID",
             "domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}},
            {"@type":"type.googleapis.com/google.rpc.LocalizedMessage","locale":"en-US",
             "message":"API key not valid. Please pass a valid API key."}]}}
        """;

    GoogleError error = mapper.readValue(body, GoogleError.class);

    assertThat(error.httpStatus()).isEqualTo(400);
    assertThat(error.detail(ErrorDetail.ErrorInfo.class))
        .get()
        .extracting(ErrorDetail.ErrorInfo::reason)
        .isEqualTo("API_KEY_INVALID");
    assertThat(error.detail(ErrorDetail.RetryInfo.class)).isEmpty();
  }

  @Test
  void badRequest_carriesFieldViolations() throws Exception {
    GoogleError error =
        GoogleError.invalidArgument("Bad field.", new FieldViolation("time", "is required"));

    assertThat(mapper.writeValueAsString(error))
        .contains(
            "{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\","
                + "\"fieldViolations\":[{\"field\":\"time\",\"description\":\"is required\"}]}");
  }

  @Test
  void withReason_appendsErrorInfo() {
    GoogleError error =
        GoogleError.permissionDenied("Denied.").withReason("R", "d", Map.of("k", "v"));

    assertThat(error.error().details())
        .containsExactly(new ErrorDetail.ErrorInfo("R", "d", Map.of("k", "v")));
  }

  @Test
  void protoDurations_roundTripAndRefuseNonsense() {
    assertThat(ProtoDurations.format(Duration.ofMillis(1500))).isEqualTo("1.500s");
    assertThat(ProtoDurations.format(Duration.ofSeconds(59))).isEqualTo("59s");
    assertThat(ProtoDurations.parse("0.25s")).isEqualTo(Duration.ofMillis(250));
    assertThat(ProtoDurations.parse("17s")).isEqualTo(Duration.ofSeconds(17));
    assertThatThrownBy(() -> ProtoDurations.parse("17"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProtoDurations.parse("-1s"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryAfter_roundsUpToWholeSeconds() {
    assertThat(RetryAfter.seconds(Duration.ofMillis(1200))).isEqualTo("2");
    assertThat(RetryAfter.seconds(Duration.ZERO)).isEqualTo("1");
    assertThat(RetryAfter.seconds(Duration.ofSeconds(30))).isEqualTo("30");
  }

  @Test
  void forHttpStatus_mapsTheCodesGoogleUses() {
    assertThat(GoogleStatus.forHttpStatus(429)).isEqualTo(GoogleStatus.RESOURCE_EXHAUSTED);
    assertThat(GoogleStatus.forHttpStatus(503)).isEqualTo(GoogleStatus.UNAVAILABLE);
    assertThat(GoogleStatus.forHttpStatus(404)).isEqualTo(GoogleStatus.NOT_FOUND);
    assertThat(GoogleStatus.forHttpStatus(418)).isEqualTo(GoogleStatus.INVALID_ARGUMENT);
    assertThat(GoogleStatus.forHttpStatus(507)).isEqualTo(GoogleStatus.INTERNAL);
  }
}
