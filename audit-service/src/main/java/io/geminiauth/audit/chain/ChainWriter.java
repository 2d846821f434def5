package io.geminiauth.audit.chain;

import io.geminiauth.audit.AuditConfig;
import io.geminiauth.audit.store.ChainHead;
import io.geminiauth.audit.store.EventStore;
import io.geminiauth.audit.store.StoredEvent;
import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends events to this writer's hash chain. One lock per process keeps the chain's order equal to
 * its commit order; other replicas write chains of their own, so nothing is serialised across the
 * cluster.
 */
@ApplicationScoped
public class ChainWriter {
  /** What became of one event handed to {@link #append}. */
  public enum Outcome {
    STORED,
    DUPLICATE,
    CONFLICT
  }

  private final EventStore store;
  private final Clock clock;
  private final String chainId;
  private final ReentrantLock lock = new ReentrantLock();

  public ChainWriter(EventStore store, Clock clock, AuditConfig config) {
    this.store = store;
    this.clock = clock;
    this.chainId = config.chain().writerId().orElseGet(() -> "w-" + UUID.randomUUID());
  }

  public String chainId() {
    return chainId;
  }

  /**
   * Stores the events that are new, in one transaction, and says for each (by position) whether it
   * was stored, already there with the same content, or already there with other content.
   */
  public List<Outcome> append(List<AuthEvent> events) throws SQLException {
    Outcome[] outcomes = new Outcome[events.size()];
    lock.lock();
    try (Connection c = store.database().connection()) {
      c.setAutoCommit(false);
      try {
        Map<UUID, StoredEvent> existing =
            store.find(c, events.stream().map(AuthEvent::id).toList());
        Map<UUID, AuthEvent> inThisBatch = new LinkedHashMap<>();
        ChainHead head = store.head(c, chainId).orElse(null);
        boolean headExists = head != null;
        long seq = head == null ? 0 : head.seq();
        String hash = head == null ? ChainHash.GENESIS : head.hash();
        Instant now = clock.instant();
        List<StoredEvent> toInsert = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
          AuthEvent event = events.get(i);
          AuthEvent earlier =
              existing.containsKey(event.id())
                  ? existing.get(event.id()).event()
                  : inThisBatch.get(event.id());
          if (earlier != null) {
            outcomes[i] = sameContent(earlier, event) ? Outcome.DUPLICATE : Outcome.CONFLICT;
            continue;
          }
          String next = ChainHash.next(hash, event);
          seq++;
          toInsert.add(new StoredEvent(event, chainId, seq, now, hash, next));
          hash = next;
          inThisBatch.put(event.id(), event);
          outcomes[i] = Outcome.STORED;
        }
        if (!toInsert.isEmpty()) {
          store.insert(c, toInsert);
          store.saveHead(c, new ChainHead(chainId, seq, hash), now, headExists);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } finally {
      lock.unlock();
    }
    return Arrays.asList(outcomes);
  }

  private static boolean sameContent(AuthEvent a, AuthEvent b) {
    return Arrays.equals(AuthEventJson.canonicalBytes(a), AuthEventJson.canonicalBytes(b));
  }
}
