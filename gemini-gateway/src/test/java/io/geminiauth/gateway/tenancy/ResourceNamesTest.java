package io.geminiauth.gateway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ResourceNamesTest {
  @Test
  void named_pathNamesAResource() {
    assertThat(ResourceNames.named("/v1beta/files/abc123", null)).containsExactly("files/abc123");
    assertThat(ResourceNames.named("/v1beta/cachedContents/c-1", null))
        .containsExactly("cachedContents/c-1");
    assertThat(ResourceNames.named("/v1beta/batches/b_9:cancel", null))
        .containsExactly("batches/b_9");
    assertThat(
            ResourceNames.named(
                "/v1/projects/p/locations/us-central1/batchPredictionJobs/77", null))
        .containsExactly("batchPredictionJobs/77");
  }

  @Test
  void named_everyFileAndCachedContentTheBodyRefersTo() {
    Buffer prompt =
        Buffer.buffer(
            "{\"cachedContent\": \"projects/p/locations/l/cachedContents/q1\",\"contents\":[{\"parts\":["
                + "{\"fileData\":{\"fileUri\":"
                + "\"https://generativelanguage.googleapis.com/v1beta/files/x7k2\"}},"
                + "{\"file_data\":{\"file_uri\":\"files/y8\"}}]}]}");
    assertThat(ResourceNames.named("/v1beta/models/gemini-2.5-flash:generateContent", prompt))
        .containsExactlyInAnyOrder("files/x7k2", "files/y8", "cachedContents/q1");
  }

  @Test
  void named_textThatMentionsAResource_namesNothing() {
    assertThat(ResourceNames.named("/v1beta/models/gemini-2.5-flash:generateContent", null))
        .isEmpty();
    assertThat(ResourceNames.named("/v1beta/files", Buffer.buffer("{\"text\":\"my files/x1\"}")))
        .isEmpty();
    // A field name quoted inside a prompt's text is escaped: not a field.
    assertThat(
            ResourceNames.named(
                "/v1beta/models/m:generateContent",
                Buffer.buffer("{\"text\":\"send {\\\"fileUri\\\":\\\"files/x1\\\"}\"}")))
        .isEmpty();
    // A Cloud Storage or web URI is no resource of the project.
    assertThat(
            ResourceNames.named(
                "/v1beta/models/m:generateContent",
                Buffer.buffer("{\"fileUri\":\"gs://bucket/report.pdf\"}")))
        .isEmpty();
    assertThat(ResourceNames.named("/upload/v1beta/files", Buffer.buffer())).isEmpty();
  }

  @Test
  void of_fullNamesAndUrls_kindAndId() {
    assertThat(ResourceNames.of("projects/p/locations/l/cachedContents/123"))
        .isEqualTo("cachedContents/123");
    assertThat(ResourceNames.of("https://generativelanguage.googleapis.com/v1beta/files/abc"))
        .isEqualTo("files/abc");
    assertThat(ResourceNames.of("batches/b1")).isEqualTo("batches/b1");
    assertThat(ResourceNames.of("models/gemini-2.5-flash")).isNull();
    assertThat(ResourceNames.of("myfiles/abc")).isNull();
  }
}
