package io.geminiauth.common.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class RedactingLogFilterTest {
  private final RedactingLogFilter filter = new RedactingLogFilter();

  @Test
  void filter_parametersAndExceptions_loseTheirSecrets() {
    ExtLogRecord record =
        new ExtLogRecord(
            Level.WARNING,
            "refresh failed for %s with %s",
            ExtLogRecord.FormatStyle.PRINTF,
            getClass().getName());
    record.setParameters(
        new Object[] {
          "sa@p.iam.gserviceaccount.com",
          "assertion=eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl"
        });
    record.setThrown(
        new IllegalStateException(
            "token endpoint said: {\"access_token\":\"ya29.c.secret-token-value\"}",
            new RuntimeException("key AIzaSyD-abcdefghijklmnopqrstuvwxyz01234")));

    assertThat(filter.isLoggable(record)).isTrue();

    assertThat(record.getFormattedMessage())
        .isEqualTo("refresh failed for sa@p.iam.gserviceaccount.com with assertion=[REDACTED JWT]");
    StringWriter trace = new StringWriter();
    record.getThrown().printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString())
        .contains("java.lang.IllegalStateException: token endpoint said:")
        .contains("java.lang.RuntimeException: key AIza[REDACTED]")
        .doesNotContain("secret-token-value")
        .doesNotContain("abcdefghijklmnopqrstuvwxyz01234");
  }
}
