package io.geminiauth.common.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Tells a replica that another one changed shared state. PostgreSQL's {@code LISTEN} on one channel
 * brings a change to every replica within milliseconds; a catch-up every {@code reconcile} heals a
 * notice missed while the connection was down, and one runs after every (re)connection. The notice
 * carries nothing: the listener reads what changed from the tables, so a lost or merged notice
 * loses nothing. One daemon thread holds one connection of the pool for as long as it runs.
 */
public final class ChangeFeed implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
  private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final long POLL_MILLIS = 200;

  private final String channel;
  private final Connections connections;
  private final Duration reconcile;
  private final Runnable catchUp;
  private final Thread listener;
  private volatile boolean running = true;

  private ChangeFeed(
      String channel, Connections connections, Duration reconcile, Runnable catchUp) {
    this.channel = channel;
    this.connections = connections;
    this.reconcile = reconcile;
    this.catchUp = catchUp;
    this.listener = new Thread(this::listen, "change-feed-" + channel);
    listener.setDaemon(true);
  }

  /**
   * Listens on {@code channel} and runs {@code catchUp} on each notice, every {@code reconcile} and
   * after each (re)connection. {@code catchUp} runs on the feed's thread, one at a time; what it
   * throws is logged and the feed goes on.
   */
  public static ChangeFeed start(
      String channel, Connections connections, Duration reconcile, Runnable catchUp) {
    if (!CHANNEL.matcher(channel).matches()) {
      throw new IllegalArgumentException("not a channel name: " + channel);
    }
    ChangeFeed feed = new ChangeFeed(channel, connections, reconcile, catchUp);
    feed.listener.start();
    return feed;
  }

  /** Tells every listener of {@code channel}, when {@code connection}'s transaction commits. */
  public static void announce(Connection connection, String channel) throws SQLException {
    try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, '')")) {
      notify.setString(1, channel);
      notify.execute();
    }
  }

  @Override
  public void close() {
    running = false;
    listener.interrupt();
    try {
      listener.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void listen() {
    boolean down = false;
    while (running) {
      try (Connection connection = connections.open()) {
        connection.setAutoCommit(true);
        try (Statement listen = connection.createStatement()) {
          listen.execute("LISTEN " + channel);
        }
        if (down) {
          LOG.infof("change feed %s: listening again", channel);
          down = false;
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        runCatchUp();
        long nextReconcile = System.nanoTime() + reconcile.toNanos();
        while (running) {
          PGNotification[] notices = pg.getNotifications((int) POLL_MILLIS);
          if (notices != null && notices.length > 0) {
            runCatchUp();
          } else if (System.nanoTime() - nextReconcile >= 0) {
            runCatchUp();
            nextReconcile = System.nanoTime() + reconcile.toNanos();
          }
        }
      } catch (SQLException e) {
        if (!running) {
          return;
        }
        if (!down) {
          // Once per outage: the reconcile after reconnecting brings whatever was missed.
          LOG.warnf(
              "change feed %s: the database connection failed (%s); changes made by other"
                  + " replicas wait until it is back",
              channel, e.getSQLState());
          down = true;
        }
        pause(Duration.ofSeconds(1));
      }
    }
  }

  private void runCatchUp() {
    try {
      catchUp.run();
    } catch (RuntimeException e) {
      LOG.warnf("change feed %s: catching up failed (%s)", channel, e.getClass().getSimpleName());
    }
  }

  private void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
