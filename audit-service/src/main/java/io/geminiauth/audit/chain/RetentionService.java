package io.geminiauth.audit.chain;

import io.geminiauth.audit.AuditConfig;
import io.geminiauth.audit.store.ChainHead;
import io.geminiauth.audit.store.Database;
import io.geminiauth.audit.store.EventStore;
import io.geminiauth.audit.store.LegalHoldStore;
import io.geminiauth.common.fleet.Lease;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deletes events older than the configured age, chain by chain from the oldest link, so every chain
 * stays verifiable from its new base; then signs a checkpoint that records the bases. A legal hold
 * suspends it. With PostgreSQL one replica at a time runs it, under a lease the database gives (an
 * advisory lock); the others skip that round.
 */
@ApplicationScoped
public class RetentionService {
  private static final Logger LOG = Logger.getLogger(RetentionService.class);

  private final EventStore store;
  private final CheckpointService checkpoints;
  private final AuditConfig config;
  private final Clock clock;
  private final Lease lease;
  private final LegalHoldStore holds;

  public RetentionService(
      EventStore store,
      CheckpointService checkpoints,
      AuditConfig config,
      Clock clock,
      Database database,
      LegalHoldStore holds) {
    this.holds = holds;
    this.store = store;
    this.checkpoints = checkpoints;
    this.config = config;
    this.clock = clock;
    this.lease = database.isPostgresql() ? new Lease(database::connection, "retention") : null;
  }

  @Scheduled(
      every = "${audit.retention.interval}",
      delayed = "${audit.retention.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() throws SQLException {
    apply();
  }

  /**
   * Runs retention now; returns the number of events deleted (0 under a legal hold, or while
   * another replica runs it).
   */
  public long apply() throws SQLException {
    if (config.retention().legalHold()) {
      LOG.info("Retention skipped: a legal hold is set (audit.retention.legal-hold)");
      return 0;
    }
    if (holds.anyActive()) {
      LOG.info("Retention skipped: a legal hold is active (GET /v1/legal-holds)");
      return 0;
    }
    if (lease == null) {
      return cut();
    }
    long[] deleted = {0};
    if (!lease.runIfFree(() -> deleted[0] = cut())) {
      LOG.debug("Retention skipped this round: another replica runs it");
    }
    return deleted[0];
  }

  private long cut() throws SQLException {
    Instant now = clock.instant();
    Instant cutoff = now.minus(config.retention().maxAge());
    List<ChainHead> cuts = new ArrayList<>();
    for (String chainId : store.chainIds()) {
      store.lastLinkBefore(chainId, cutoff).ifPresent(cuts::add);
    }
    if (cuts.isEmpty()) {
      return 0;
    }
    // Signed first: a crash between signing and cutting leaves a base some checkpoint names.
    checkpoints.checkpoint(cuts);
    long deleted = 0;
    for (ChainHead cut : cuts) {
      deleted += store.cutChain(cut, now);
    }
    LOG.infof("Retention deleted %d events ingested before %s", deleted, cutoff);
    return deleted;
  }
}
