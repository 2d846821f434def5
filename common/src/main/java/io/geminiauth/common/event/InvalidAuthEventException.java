package io.geminiauth.common.event;

import io.geminiauth.common.error.FieldViolation;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import java.util.List;

/** An auth event that breaks the schema; carries every violation, each with its field path. */
public class InvalidAuthEventException extends GoogleApiException {
  private final List<FieldViolation> violations;

  public InvalidAuthEventException(List<FieldViolation> violations) {
    super(
        GoogleError.invalidArgument(
            "Invalid auth event: "
                + violations.get(0).field()
                + ": "
                + violations.get(0).description()
                + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""),
            violations));
    this.violations = List.copyOf(violations);
  }

  public List<FieldViolation> violations() {
    return violations;
  }
}
