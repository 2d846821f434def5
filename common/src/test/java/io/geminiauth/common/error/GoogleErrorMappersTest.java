package io.geminiauth.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** What fails while a request is read is the client's: 400 in Google's shape, never a 500. */
class GoogleErrorMappersTest {
  private final GoogleErrorMappers mappers = new GoogleErrorMappers();

  @Test
  void brokenChunkedBody_400_notAnInternalError() {
    // How RESTEasy Reactive reports a chunk size that is no number.
    Throwable e =
        new IOException(
            new IOException(new NumberFormatException("Invalid character in chunk size")));
    Response answer = mappers.mapUnexpected(e);
    assertThat(answer.getStatus()).isEqualTo(400);
    assertThat(((GoogleError) answer.getEntity()).error().status()).isEqualTo("INVALID_ARGUMENT");
  }

  @Test
  void clientLeftMidBody_400_andAnythingElse500() {
    assertThat(mappers.mapUnexpected(new IOException(new ClosedChannelException())).getStatus())
        .isEqualTo(400);
    assertThat(mappers.mapUnexpected(new IllegalStateException("a bug")).getStatus())
        .isEqualTo(500);
    assertThat(mappers.mapUnexpected(new IOException("disk full")).getStatus()).isEqualTo(500);
  }
}
