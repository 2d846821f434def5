package io.geminiauth.common.redact;

/**
 * A stand-in for a logged exception whose message (or a cause's) may hold a secret, for example an
 * HTTP client error that quotes a response body. Keeps the class name and stack trace.
 */
final class RedactedThrowable extends RuntimeException {
  private final String originalClass;

  private RedactedThrowable(Throwable original, Throwable cause) {
    super(Redactor.redact(original.getMessage()), cause, false, true);
    this.originalClass = original.getClass().getName();
    setStackTrace(original.getStackTrace());
  }

  static Throwable of(Throwable original) {
    return copy(original, 0);
  }

  private static Throwable copy(Throwable original, int depth) {
    if (original == null || depth > 16) {
      return null;
    }
    Throwable cause = original.getCause() == original ? null : original.getCause();
    return new RedactedThrowable(original, copy(cause, depth + 1));
  }

  @Override
  public String toString() {
    String message = getLocalizedMessage();
    return message == null ? originalClass : originalClass + ": " + message;
  }
}
