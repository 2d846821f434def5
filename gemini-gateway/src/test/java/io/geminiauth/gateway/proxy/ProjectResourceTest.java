package io.geminiauth.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ProjectResourceTest {
  @Test
  void of_pathNamesAResource() {
    assertThat(ProjectResource.of("/v1beta/files/abc123", null)).isEqualTo("files/abc123");
    assertThat(ProjectResource.of("/v1beta/cachedContents/c-1", null))
        .isEqualTo("cachedContents/c-1");
    assertThat(ProjectResource.of("/v1beta/batches/b_9:cancel", null)).isEqualTo("batches/b_9");
  }

  @Test
  void of_bodyNamesAFileOrACachedContent() {
    Buffer prompt =
        Buffer.buffer(
            "{\"contents\":[{\"parts\":[{\"fileData\":{\"fileUri\":"
                + "\"https://generativelanguage.googleapis.com/v1beta/files/x7k2\"}}]}]}");
    assertThat(ProjectResource.of("/v1beta/models/gemini-2.5-flash:generateContent", prompt))
        .isEqualTo("files/x7k2");
    Buffer cached = Buffer.buffer("{\"cachedContent\":\"cachedContents/q1\",\"contents\":[]}");
    assertThat(ProjectResource.of("/v1beta/models/m:generateContent", cached))
        .isEqualTo("cachedContents/q1");
  }

  @Test
  void of_nothingNamed_null() {
    assertThat(ProjectResource.of("/v1beta/models/gemini-2.5-flash:generateContent", null))
        .isNull();
    assertThat(ProjectResource.of("/v1beta/files", Buffer.buffer("{\"text\":\"my files/\"}")))
        .isNull();
    assertThat(ProjectResource.of("/upload/v1beta/files", Buffer.buffer())).isNull();
  }
}
