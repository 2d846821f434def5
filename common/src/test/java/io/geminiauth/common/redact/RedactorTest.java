package io.geminiauth.common.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void redact_pemPrivateKey_realAndJsonEscapedNewlines() {
    String pem =
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQ==\n"
            + "-----END PRIVATE KEY-----\n";
    String escaped = pem.replace("\n", "\\n");

    assertThat(Redactor.redact("key: " + pem + " tail"))
        .isEqualTo("key: [REDACTED PRIVATE KEY]\n tail");
    assertThat(Redactor.redact("{\"private_key\":\"" + escaped + "\",\"x\":1}"))
        .isEqualTo("{\"private_key\":\"[REDACTED]\",\"x\":1}");
  }

  @Test
  void redact_tokensAndKeys_keepTheirKindVisible() {
    assertThat(Redactor.redact("token ya29.a0AfH6SMC-abc_def.ghi used"))
        .isEqualTo("token ya29.[REDACTED] used");
    assertThat(Redactor.redact("AIzaSyD-abcdefghijklmnopqrstuvwxyz01234"))
        .isEqualTo("AIza[REDACTED]");
    assertThat(Redactor.redact("key AQ.Ab8RN6Lx-abcdefghijklmnopqrstuvwxyz0123 end"))
        .isEqualTo("key AQ.[REDACTED] end");
    assertThat(Redactor.redact("rt=1//0gAbCdEfGhIjKlMn")).isEqualTo("rt=1//[REDACTED]");
    assertThat(Redactor.redact("GOCSPX-abcdefghijklmnop")).isEqualTo("GOCSPX-[REDACTED]");
    assertThat(Redactor.redact("gwk_abcdefgh12345678")).isEqualTo("gwk_[REDACTED]");
    assertThat(Redactor.redact("jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln end"))
        .isEqualTo("jwt [REDACTED JWT] end");
  }

  @Test
  void redact_formAndQueryValues() {
    assertThat(
            Redactor.redact(
                "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=abc.def.ghi"))
        .isEqualTo("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=[REDACTED]");
    assertThat(Redactor.redact("GET /v1beta/models?key=abc123&alt=sse"))
        .isEqualTo("GET /v1beta/models?key=[REDACTED]&alt=sse");
    assertThat(Redactor.redact("client_secret=s3cr3t refresh_token=opaque"))
        .isEqualTo("client_secret=[REDACTED] refresh_token=[REDACTED]");
  }

  @Test
  void redact_headerLines() {
    assertThat(Redactor.redact("Authorization: Bearer opaque-token-value"))
        .isEqualTo("Authorization: [REDACTED]");
    assertThat(Redactor.redact("x-goog-api-key: FAKE-KEY-123"))
        .isEqualTo("x-goog-api-key: [REDACTED]");
  }

  @Test
  void redact_ordinaryText_isUntouched() {
    String text =
        "Minted token for sa@p.iam.gserviceaccount.com with scope "
            + "https://www.googleapis.com/auth/cloud-platform; monkey=1 basic usage, code=400";
    assertThat(Redactor.redact(text)).isEqualTo(text);
    assertThat(Redactor.redact(null)).isNull();
  }

  @Test
  void redactHeaders_masksSecretHeadersWhole() {
    Map<String, List<String>> headers =
        Map.of(
            "Authorization", List.of("Bearer abc"),
            "x-goog-api-key", List.of("plain"),
            "User-Agent", List.of("google-genai-sdk/1.70.0"),
            "X-Debug", List.of("saw ya29.secretvalue"));

    assertThat(Redactor.redactHeaders(headers))
        .containsEntry("Authorization", List.of("[REDACTED]"))
        .containsEntry("x-goog-api-key", List.of("[REDACTED]"))
        .containsEntry("User-Agent", List.of("google-genai-sdk/1.70.0"))
        .containsEntry("X-Debug", List.of("saw ya29.[REDACTED]"));
  }

  @Test
  void redactMap_walksNestedValues() {
    Map<String, Object> redacted =
        Redactor.redactMap(
            Map.of(
                "client_secret",
                "abc",
                "nested",
                Map.of("refreshToken", "r", "note", "AIzaSyD-abcdefghijklmnopqrstuvwxyz01234"),
                "list",
                List.of("Bearer abcdefgh"),
                "count",
                3));

    assertThat(redacted)
        .containsEntry("client_secret", "[REDACTED]")
        .containsEntry("nested", Map.of("refreshToken", "[REDACTED]", "note", "AIza[REDACTED]"))
        .containsEntry("list", List.of("Bearer [REDACTED]"))
        .containsEntry("count", 3);
  }
}
