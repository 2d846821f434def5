package io.geminiauth.token.fleet;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The shared database could not be reached or refused a statement: an admin call answers 503 with
 * Retry-After and nothing changed; background work tries again at its next round.
 */
public final class LedgerUnavailable extends GoogleApiException {
  private static final Duration RETRY = Duration.ofSeconds(5);

  public LedgerUnavailable(SQLException cause) {
    super(
        GoogleError.unavailable(
            "The shared credential store is unavailable (SQLState "
                + cause.getSQLState()
                + "); nothing was changed. Retry later.",
            RETRY),
        RETRY);
  }
}
