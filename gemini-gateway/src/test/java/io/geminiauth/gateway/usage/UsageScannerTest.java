package io.geminiauth.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UsageScannerTest {
  static final String EVENT_1 =
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}]}}],"
          + "\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":1,"
          + "\"totalTokenCount\":8}}\r\n\r\n";
  static final String EVENT_2 =
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"lo\"}]}}],"
          + "\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":3,"
          + "\"totalTokenCount\":12,\"thoughtsTokenCount\":2}}\r\n\r\n";

  @Test
  void feed_eventStream_lastCountsWin() {
    UsageScanner scanner = new UsageScanner();
    scanner.feed(Buffer.buffer(EVENT_1));
    assertThat(scanner.totalTokens()).isEqualTo(8);
    scanner.feed(Buffer.buffer(EVENT_2));
    assertThat(scanner.promptTokens()).isEqualTo(7);
    assertThat(scanner.candidatesTokens()).isEqualTo(3);
    assertThat(scanner.totalTokens()).isEqualTo(12);
  }

  @Test
  void feed_oneByteAtATime_sameCounts() {
    UsageScanner scanner = new UsageScanner();
    byte[] bytes = (EVENT_1 + EVENT_2).getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      scanner.feed(Buffer.buffer(new byte[] {b}));
    }
    assertThat(scanner.totalTokens()).isEqualTo(12);
    assertThat(scanner.candidatesTokens()).isEqualTo(3);
  }

  @Test
  void feed_prettyPrintedJson() {
    UsageScanner scanner = new UsageScanner();
    scanner.feed(
        Buffer.buffer(
            "{\n  \"usageMetadata\": {\n    \"promptTokenCount\" : 4,\n"
                + "    \"candidatesTokenCount\": 9,\n    \"totalTokenCount\": 13\n  }\n}\n"));
    assertThat(scanner.promptTokens()).isEqualTo(4);
    assertThat(scanner.totalTokens()).isEqualTo(13);
  }

  @Test
  void feed_fieldNameInsideText_notCounted() {
    UsageScanner scanner = new UsageScanner();
    scanner.feed(
        Buffer.buffer(
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"say \\\"totalTokenCount\\\":"
                + " 999999\"}]}}],\"usageMetadata\":{\"totalTokenCount\":5}}"));
    assertThat(scanner.totalTokens()).isEqualTo(5);
  }

  @Test
  void feed_noUsage_zero() {
    UsageScanner scanner = new UsageScanner();
    scanner.feed(Buffer.buffer("{\"models\":[]}"));
    assertThat(scanner.totalTokens()).isZero();
  }
}
