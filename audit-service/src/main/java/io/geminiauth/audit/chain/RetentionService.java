package io.geminiauth.audit.chain;

import io.geminiauth.audit.AuditConfig;
import io.geminiauth.audit.store.ChainHead;
import io.geminiauth.audit.store.EventStore;
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
 * suspends it.
 */
@ApplicationScoped
public class RetentionService {
  private static final Logger LOG = Logger.getLogger(RetentionService.class);

  private final EventStore store;
  private final CheckpointService checkpoints;
  private final AuditConfig config;
  private final Clock clock;

  public RetentionService(
      EventStore store, CheckpointService checkpoints, AuditConfig config, Clock clock) {
    this.store = store;
    this.checkpoints = checkpoints;
    this.config = config;
    this.clock = clock;
  }

  @Scheduled(
      every = "${audit.retention.interval}",
      delayed = "${audit.retention.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() throws SQLException {
    apply();
  }

  /** Runs retention now; returns the number of events deleted (0 under a legal hold). */
  public long apply() throws SQLException {
    if (config.retention().legalHold()) {
      LOG.info("Retention skipped: a legal hold is set (audit.retention.legal-hold)");
      return 0;
    }
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
