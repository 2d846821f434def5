package io.geminiauth.audit.chain;

import io.geminiauth.audit.AuditConfig;
import io.geminiauth.audit.store.ChainHead;
import io.geminiauth.audit.store.EventStore;
import io.geminiauth.audit.store.StoredEvent;
import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventJson;
import io.geminiauth.common.fleet.SqlStates;
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
 * Appends events to this writer's hash chains. Each chain (a stripe) has one lock, which keeps its
 * order equal to its commit order; a process writes a few chains side by side and other replicas
 * write chains of their own, so inserts are never serialised across the cluster.
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
  private final List<Stripe> stripes;
  private final java.util.concurrent.atomic.AtomicInteger nextStripe =
      new java.util.concurrent.atomic.AtomicInteger();

  /** One chain of this writer, appended to under its own lock. */
  private record Stripe(String chainId, ReentrantLock lock) {}

  public ChainWriter(EventStore store, Clock clock, AuditConfig config) {
    this.store = store;
    this.clock = clock;
    String writerId = config.chain().writerId().orElseGet(() -> "w-" + UUID.randomUUID());
    List<Stripe> list = new ArrayList<>();
    for (int i = 0; i < config.chain().stripes(); i++) {
      list.add(new Stripe(writerId + "-" + i, new ReentrantLock()));
    }
    this.stripes = List.copyOf(list);
  }

  /**
   * A free stripe if there is one, otherwise the next in turn: concurrent batches go to different
   * chains and reach the database in parallel.
   */
  private Stripe acquire() {
    int start = Math.floorMod(nextStripe.getAndIncrement(), stripes.size());
    for (int i = 0; i < stripes.size(); i++) {
      Stripe stripe = stripes.get((start + i) % stripes.size());
      if (stripe.lock().tryLock()) {
        return stripe;
      }
    }
    Stripe stripe = stripes.get(start);
    stripe.lock().lock();
    return stripe;
  }

  /**
   * Stores the events that are new, in one transaction, and says for each (by position) whether it
   * was stored, already there with the same content, or already there with other content.
   *
   * <p>Most batches hold only new events, so the fast path inserts without looking anything up;
   * when the store reports an id it already has, the batch is rolled back and redone after looking
   * up which ids exist.
   */
  public List<Outcome> append(List<AuthEvent> events) throws SQLException {
    Stripe stripe = acquire();
    String chainId = stripe.chainId();
    try (Connection c = store.database().connection()) {
      c.setAutoCommit(false);
      try {
        List<Outcome> outcomes = appendIn(c, chainId, events, Map.of());
        c.commit();
        return outcomes;
      } catch (SQLException e) {
        c.rollback();
        if (!SqlStates.uniqueViolation(e)) {
          throw e;
        }
      } catch (RuntimeException e) {
        c.rollback();
        throw e;
      }
      try {
        Map<UUID, StoredEvent> existing =
            store.find(c, events.stream().map(AuthEvent::id).toList());
        List<Outcome> outcomes = appendIn(c, chainId, events, existing);
        c.commit();
        return outcomes;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } finally {
      stripe.lock().unlock();
    }
  }

  private List<Outcome> appendIn(
      Connection c, String chainId, List<AuthEvent> events, Map<UUID, StoredEvent> existing)
      throws SQLException {
    Outcome[] outcomes = new Outcome[events.size()];
    Map<UUID, AuthEvent> inThisBatch = new LinkedHashMap<>();
    ChainHead head = store.head(c, chainId).orElse(null);
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
      store.saveHead(c, new ChainHead(chainId, seq, hash), now, head != null);
    }
    return Arrays.asList(outcomes);
  }

  private static boolean sameContent(AuthEvent a, AuthEvent b) {
    return Arrays.equals(AuthEventJson.canonicalBytes(a), AuthEventJson.canonicalBytes(b));
  }
}
