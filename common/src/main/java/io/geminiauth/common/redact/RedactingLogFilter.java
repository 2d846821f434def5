package io.geminiauth.common.redact;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Rewrites every log record so that no secret reaches a log: the formatted message and the
 * exception messages are redacted. Enable with {@code quarkus.log.console.filter=redact-secrets}
 * (and the same for file handlers).
 */
@LoggingFilter(name = "redact-secrets")
public final class RedactingLogFilter implements Filter {

  @Override
  public boolean isLoggable(LogRecord record) {
    if (record instanceof ExtLogRecord ext) {
      String formatted = ext.getFormattedMessage();
      String redacted = Redactor.redact(formatted);
      if (!java.util.Objects.equals(formatted, redacted) || ext.getParameters() != null) {
        ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
        ext.setParameters(null);
      }
    } else {
      record.setMessage(Redactor.redact(record.getMessage()));
    }
    if (record.getThrown() != null) {
      record.setThrown(RedactedThrowable.of(record.getThrown()));
    }
    return true;
  }
}
