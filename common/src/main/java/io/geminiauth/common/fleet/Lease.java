package io.geminiauth.common.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Work that one replica of a fleet does at a time (firing an alert, running retention), under a
 * PostgreSQL session advisory lock: whoever takes it works, the others skip this round. The lock
 * belongs to the connection, so a replica that dies mid-work frees it with its connection.
 */
public final class Lease {
  private final Connections connections;
  private final long key;

  /** {@code name} picks the lock: every replica that names the same work takes the same lock. */
  public Lease(Connections connections, String name) {
    this.connections = connections;
    this.key = name.hashCode() ^ ((long) "gemini-access-suite".hashCode() << 32);
  }

  /** Runs {@code work} if no other replica holds the lease now; returns whether it ran. */
  public boolean runIfFree(Work work) throws SQLException {
    try (Connection connection = connections.open()) {
      if (!tryLock(connection)) {
        return false;
      }
      try {
        work.run();
        return true;
      } finally {
        try (PreparedStatement unlock =
            connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
          unlock.setLong(1, key);
          unlock.execute();
        }
      }
    }
  }

  private boolean tryLock(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      lock.setLong(1, key);
      try (ResultSet answer = lock.executeQuery()) {
        return answer.next() && answer.getBoolean(1);
      }
    }
  }

  /** The leader's work; may throw what the database throws. */
  @FunctionalInterface
  public interface Work {
    void run() throws SQLException;
  }
}
