package io.geminiauth.token.fleet;

import io.geminiauth.token.TokenConfig;
import io.geminiauth.token.broker.TokenBroker;
import io.geminiauth.token.credential.Credential;
import io.geminiauth.token.credential.CredentialRegistry;
import io.geminiauth.token.credential.CredentialState;
import io.geminiauth.token.credential.Health;
import io.geminiauth.token.credential.KeyFileException;
import io.geminiauth.token.credential.KeyFileParser;
import io.geminiauth.token.credential.ServiceAccountKey;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The one way a credential decision takes effect: recorded in the ledger first (so every replica
 * and every restart sees it), then applied here; the other replicas apply it when the ledger's feed
 * tells them. Applying is idempotent (a decision already in force changes nothing), so a decision
 * read twice, or replayed at start, is harmless. At start, after the key files and configuration
 * have loaded, each account's latest decision is applied over them.
 */
@ApplicationScoped
public class CredentialDecisions {
  private static final Logger LOG = Logger.getLogger(CredentialDecisions.class);
  private final CredentialLedger ledger;
  private final CredentialRegistry registry;
  private final TokenBroker broker;
  private final Duration reconcile;

  /** The highest version applied from the ledger's order (not from this replica's own calls). */
  private long applied;

  private AutoCloseable feed;

  public CredentialDecisions(
      CredentialLedger ledger,
      CredentialRegistry registry,
      TokenBroker broker,
      TokenConfig config) {
    this.ledger = ledger;
    this.registry = registry;
    this.broker = broker;
    this.reconcile = config.fleet().reconcile();
  }

  // After KeyLoader's start (default priority): decisions override what the files said.
  void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent start) {
    synchronized (this) {
      for (Decision decision : ledger.latest()) {
        apply(decision);
        applied = Math.max(applied, decision.version());
      }
      catchUp(); // only flushes can follow each account's latest, and a new process has no tokens
    }
    feed = ledger.follow(reconcile, this::catchUp);
  }

  void stop(@Observes ShutdownEvent stop) throws Exception {
    if (feed != null) {
      feed.close();
    }
  }

  /**
   * Records {@code decision} for the fleet and applies it here; returns how many cached tokens it
   * dropped on this replica. Throws {@link LedgerUnavailable} (nothing changed) when the ledger
   * cannot be written.
   */
  public int decide(Decision decision) {
    Decision recorded = ledger.record(decision);
    synchronized (this) {
      // Not counted in `applied`: an earlier decision of another replica may not be read yet.
      return apply(recorded);
    }
  }

  /** Whether a key was rotated away or revoked anywhere in the fleet: it never serves again. */
  public boolean retired(String keyId) {
    return ledger.retired(keyId);
  }

  /** Applies what other replicas decided since the last catch-up. */
  synchronized void catchUp() {
    for (Decision decision : ledger.since(applied)) {
      int dropped = apply(decision);
      applied = decision.version();
      LOG.debugf("applied %s (%d cached tokens dropped)", decision, dropped);
    }
  }

  private int apply(Decision d) {
    String account = d.account();
    Optional<CredentialState> current = registry.find(account);
    switch (d.action()) {
      case KEY:
        if (current.isPresent() && d.keyId().equals(current.get().credential().keyId())) {
          return 0;
        }
        registry.put(new Credential.Key(key(d)));
        return broker.invalidate(account);
      case DISABLED:
        if (current.isEmpty() || current.get().health() == Health.DISABLED) {
          return 0;
        }
        registry.update(account, s -> s.disabled("disabled by " + d.decidedBy()));
        return broker.invalidate(account);
      case ENABLED:
        if (current.isPresent() && current.get().health() == Health.DISABLED) {
          registry.update(account, CredentialState::enabled);
        }
        return 0;
      case REVOKED:
        // Only the credential revoked: not a key that has replaced it since.
        if (current.isEmpty() || !Objects.equals(current.get().credential().keyId(), d.keyId())) {
          return 0;
        }
        registry.remove(account);
        return broker.invalidate(account);
      case FLUSHED:
        return broker.invalidate(account);
      default:
        throw new IllegalStateException("unknown action " + d.action());
    }
  }

  private static ServiceAccountKey key(Decision d) {
    try {
      return KeyFileParser.parse(d.keyFile(), "admin:" + d.decidedBy(), d.keyCreated())
          .madeAt(d.keyCreated());
    } catch (KeyFileException e) {
      // It parsed when it was decided: a ledger row that no longer parses was altered.
      throw new IllegalStateException("the ledger's key for " + d.account() + " does not parse");
    }
  }
}
