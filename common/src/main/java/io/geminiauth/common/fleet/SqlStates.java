package io.geminiauth.common.fleet;

import java.sql.SQLException;

/** What a database's refusal means, by its SQLState (the same on PostgreSQL and H2). */
public final class SqlStates {
  private static final String UNIQUE_VIOLATION = "23505";

  private SqlStates() {}

  /** A row with that key exists already (another replica, or an earlier call, wrote it). */
  public static boolean uniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState());
  }
}
