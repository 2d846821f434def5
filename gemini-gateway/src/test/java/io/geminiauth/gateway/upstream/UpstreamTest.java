package io.geminiauth.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.geminiauth.gateway.ApiPath;
import io.geminiauth.gateway.ModelPatterns;
import io.geminiauth.gateway.credential.ApiKeyPool;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which calls an upstream serves, and the path it is called with. */
class UpstreamTest {
  static final String GENERATE = "/v1beta/models/gemini-2.5-flash:generateContent";
  static final String STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";
  static final String VERTEX_PATH =
      "/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent";

  static Upstream upstream(Upstream.Vertex vertex) {
    return new Upstream(
        "u",
        URI.create("https://example.test"),
        0,
        ModelPatterns.of(List.of("gemini-2.5-*")),
        new ApiKeyPool(List.of("k")),
        null,
        vertex,
        null);
  }

  @Test
  void geminiUpstream_servesGeminiPathsOfItsModels_notVertexPaths() {
    Upstream gemini = upstream(null);
    assertThat(gemini.serves(ApiPath.of(GENERATE))).isTrue();
    assertThat(gemini.serves(ApiPath.of("/v1beta/models"))).isTrue();
    assertThat(gemini.serves(ApiPath.of("/v1beta/models/gemini-2.0-flash:generateContent")))
        .isFalse();
    assertThat(gemini.serves(ApiPath.of(VERTEX_PATH))).isFalse();
    assertThat(gemini.uriFor(GENERATE, ApiPath.of(GENERATE))).isEqualTo(GENERATE);
  }

  @Test
  void vertexUpstream_translatesGeminiGenerateAndStream_keepsTheQuery() {
    Upstream vertex = upstream(new Upstream.Vertex("my-proj", "us-central1", true));
    assertThat(vertex.serves(ApiPath.of(GENERATE))).isTrue();
    assertThat(
            vertex.uriFor(
                STREAM, ApiPath.of("/v1beta/models/gemini-2.5-flash:streamGenerateContent")))
        .isEqualTo(
            "/v1/projects/my-proj/locations/us-central1/publishers/google/models/"
                + "gemini-2.5-flash:streamGenerateContent?alt=sse");
    // What Vertex has no equivalent for at the same path stays with the Gemini API upstreams.
    assertThat(vertex.serves(ApiPath.of("/v1beta/models/gemini-2.5-flash:embedContent"))).isFalse();
    assertThat(vertex.serves(ApiPath.of("/v1beta/files"))).isFalse();
    // A Vertex path goes as it came.
    assertThat(vertex.serves(ApiPath.of(VERTEX_PATH))).isTrue();
    assertThat(vertex.uriFor(VERTEX_PATH, ApiPath.of(VERTEX_PATH))).isEqualTo(VERTEX_PATH);
  }

  @Test
  void vertexUpstreamWithoutTranslation_servesVertexPathsOnly() {
    Upstream vertex = upstream(new Upstream.Vertex("my-proj", "us-central1", false));
    assertThat(vertex.serves(ApiPath.of(GENERATE))).isFalse();
    assertThat(vertex.serves(ApiPath.of(VERTEX_PATH))).isTrue();
  }

  /** Its token would open any project its account can reach: a client cannot choose another. */
  @Test
  void vertexUpstream_servesItsOwnProjectAndLocationOnly() {
    Upstream vertex = upstream(new Upstream.Vertex("my-proj", "us-central1", false));
    assertThat(vertex.serves(ApiPath.of(VERTEX_PATH.replace("my-proj", "other-proj")))).isFalse();
    assertThat(vertex.serves(ApiPath.of(VERTEX_PATH.replace("us-central1", "europe-west4"))))
        .isFalse();
  }
}
