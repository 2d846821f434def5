package io.geminiauth.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiPathTest {
  @Test
  void of_geminiApiMethod() {
    assertThat(ApiPath.of("/v1beta/models/gemini-2.5-flash:streamGenerateContent"))
        .isEqualTo(new ApiPath("gemini-2.5-flash", "streamGenerateContent", null, null));
    assertThat(ApiPath.of("/v1beta/models/gemini-2.5-flash:streamGenerateContent").streaming())
        .isTrue();
  }

  @Test
  void of_colonSentAsPercent3A() {
    assertThat(ApiPath.of("/v1/models/gemini-2.5-pro%3AgenerateContent"))
        .isEqualTo(new ApiPath("gemini-2.5-pro", "generateContent", null, null));
  }

  @Test
  void of_vertexPublisherModel() {
    assertThat(
            ApiPath.of(
                "/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash:countTokens"))
        .isEqualTo(new ApiPath("gemini-2.5-flash", "countTokens", "p", "us-central1"));
  }

  @Test
  void translatableToVertex_onlyGeminiApiGenerateStreamAndCount() {
    assertThat(ApiPath.of("/v1beta/models/gemini-2.5-flash:generateContent").translatableToVertex())
        .isTrue();
    assertThat(ApiPath.of("/v1/models/gemini-2.5-flash:countTokens").translatableToVertex())
        .isTrue();
    assertThat(
            ApiPath.of("/v1beta/models/gemini-embedding-001:embedContent").translatableToVertex())
        .isFalse();
    assertThat(
            ApiPath.of("/v1/projects/p/locations/l/publishers/google/models/m:generateContent")
                .translatableToVertex())
        .isFalse();
  }

  @Test
  void of_modelGetListAndOtherResources() {
    assertThat(ApiPath.of("/v1beta/models/gemini-2.5-flash"))
        .isEqualTo(new ApiPath("gemini-2.5-flash", "get", null, null));
    assertThat(ApiPath.of("/v1beta/models")).isEqualTo(new ApiPath(null, null, null, null));
    assertThat(ApiPath.of("/v1beta/files/abc")).isEqualTo(new ApiPath(null, null, null, null));
    assertThat(ApiPath.of("/upload/v1beta/files")).isEqualTo(new ApiPath(null, null, null, null));
  }
}
