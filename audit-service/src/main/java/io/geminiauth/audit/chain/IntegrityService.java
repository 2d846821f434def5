package io.geminiauth.audit.chain;

import io.geminiauth.audit.store.ChainHead;
import io.geminiauth.audit.store.EventStore;
import io.geminiauth.audit.store.StoredEvent;
import io.geminiauth.audit.store.UnreadableRowException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Verifies the evidence: every chain link by link (each hash recomputed from the stored event, each
 * link pointing at its predecessor, no gaps), each chain's head, and every signed checkpoint
 * against the events it names.
 */
@ApplicationScoped
public class IntegrityService {
  private final EventStore store;
  private final CheckpointService checkpoints;

  public IntegrityService(EventStore store, CheckpointService checkpoints) {
    this.store = store;
    this.checkpoints = checkpoints;
  }

  /** Checks events ingested in [from, to) (the whole store when both are null). */
  public IntegrityReport verify(Instant from, Instant to) throws SQLException {
    boolean whole = from == null && to == null;
    long checked = 0;
    List<String> chains = store.chainIds();
    Map<String, ChainHead> heads =
        store.heads().stream().collect(Collectors.toMap(ChainHead::chainId, Function.identity()));
    Map<String, ChainHead> bases = store.bases();
    for (String chainId : chains) {
      ChainWalk walk = new ChainWalk(chainId, bases.get(chainId));
      store.walkChain(chainId, from, to, walk::visit, walk::unreadable);
      checked += walk.count;
      if (walk.broken == null && walk.count > 0 && !whole) {
        walk.checkPredecessorOfFirst();
      }
      if (walk.broken == null && whole) {
        walk.checkHead(heads.get(chainId));
      }
      if (walk.broken != null) {
        return new IntegrityReport(false, checked, chains.size(), 0, walk.broken);
      }
    }
    int checkpointCount = 0;
    List<CheckpointService.Checkpoint> all = checkpoints.checkpoints();
    IntegrityReport.Break unsignedBase = verifyBasesSigned(bases, all);
    if (unsignedBase != null) {
      return new IntegrityReport(false, checked, chains.size(), 0, unsignedBase);
    }
    Map<String, String> keys =
        checkpoints.keys().stream()
            .collect(
                Collectors.toMap(
                    CheckpointService.SigningKey::keyId, CheckpointService.SigningKey::publicKey));
    for (CheckpointService.Checkpoint checkpoint : all) {
      if (!whole
          && ((from != null && checkpoint.createdAt().isBefore(from))
              || (to != null && !checkpoint.createdAt().isBefore(to)))) {
        continue;
      }
      checkpointCount++;
      IntegrityReport.Break broken = verifyCheckpoint(checkpoint, keys, bases);
      if (broken != null) {
        return new IntegrityReport(false, checked, chains.size(), checkpointCount, broken);
      }
    }
    return new IntegrityReport(true, checked, chains.size(), checkpointCount, null);
  }

  /** Retention moves a chain's base only after a signed checkpoint named the new base. */
  private static IntegrityReport.Break verifyBasesSigned(
      Map<String, ChainHead> bases, List<CheckpointService.Checkpoint> all) {
    if (bases.isEmpty()) {
      return null;
    }
    // Any signed base will do: retention signs a base before it cuts, and a base moved back to an
    // older signed one leaves a gap the chain walk reports.
    java.util.Set<ChainHead> signed = new java.util.HashSet<>();
    for (CheckpointService.Checkpoint checkpoint : all) {
      signed.addAll(CheckpointService.read(checkpoint.payload()).bases());
    }
    for (ChainHead base : bases.values()) {
      if (!signed.contains(base)) {
        return new IntegrityReport.Break(
            "UNSIGNED_BASE",
            base.chainId(),
            base.seq(),
            null,
            null,
            base.hash(),
            "the chain starts at a link no signed checkpoint names: events were deleted outside"
                + " retention");
      }
    }
    return null;
  }

  private IntegrityReport.Break verifyCheckpoint(
      CheckpointService.Checkpoint checkpoint,
      Map<String, String> keys,
      Map<String, ChainHead> bases)
      throws SQLException {
    String publicKey = keys.get(checkpoint.keyId());
    if (publicKey == null
        || !CheckpointSigner.verify(publicKey, checkpoint.payload(), checkpoint.signature())) {
      return new IntegrityReport.Break(
          "BAD_SIGNATURE",
          null,
          null,
          null,
          null,
          null,
          "checkpoint " + checkpoint.id() + " of " + checkpoint.createdAt() + " does not verify");
    }
    for (ChainHead head : CheckpointService.read(checkpoint.payload()).heads()) {
      ChainHead base = bases.get(head.chainId());
      if (base != null && head.seq() <= base.seq()) {
        continue; // retention deleted that link, as a later signed checkpoint records
      }
      Optional<String> stored = store.hashAt(head.chainId(), head.seq());
      if (stored.isEmpty() || !stored.get().equals(head.hash())) {
        return new IntegrityReport.Break(
            stored.isEmpty() ? "TRUNCATED" : "EDITED",
            head.chainId(),
            head.seq(),
            null,
            head.hash(),
            stored.orElse(null),
            "checkpoint "
                + checkpoint.id()
                + " of "
                + checkpoint.createdAt()
                + " names this link, which the store no longer has as signed");
      }
    }
    return null;
  }

  /** The state of one chain's walk. */
  private final class ChainWalk {
    final String chainId;
    final ChainHead base;
    long count;
    long lastSeq;
    String lastHash;
    StoredEvent first;
    IntegrityReport.Break broken;

    ChainWalk(String chainId, ChainHead base) {
      this.chainId = chainId;
      this.base = base;
    }

    long firstSeq() {
      return base == null ? 1 : base.seq() + 1;
    }

    String firstPrev() {
      return base == null ? ChainHash.GENESIS : base.hash();
    }

    void visit(StoredEvent e) {
      if (broken != null) {
        return;
      }
      count++;
      if (first == null) {
        first = e;
        lastSeq = e.seq() - 1;
        lastHash = e.prevHash();
      }
      if (e.seq() != lastSeq + 1) {
        broken =
            new IntegrityReport.Break(
                "MISSING",
                chainId,
                lastSeq + 1,
                null,
                null,
                null,
                "links " + (lastSeq + 1) + " to " + (e.seq() - 1) + " are gone");
        return;
      }
      if (!e.prevHash().equals(lastHash)) {
        broken =
            new IntegrityReport.Break(
                "RELINKED",
                chainId,
                e.seq(),
                e.event().id(),
                lastHash,
                e.prevHash(),
                "the event does not point at its predecessor");
        return;
      }
      String recomputed = ChainHash.next(e.prevHash(), e.event());
      if (!recomputed.equals(e.hash())) {
        broken =
            new IntegrityReport.Break(
                "EDITED",
                chainId,
                e.seq(),
                e.event().id(),
                e.hash(),
                recomputed,
                "the stored event no longer hashes to its stored hash");
        return;
      }
      lastSeq = e.seq();
      lastHash = e.hash();
    }

    void unreadable(UnreadableRowException e) {
      if (broken == null) {
        count++;
        broken =
            new IntegrityReport.Break(
                "UNREADABLE",
                chainId,
                e.seq(),
                e.id(),
                null,
                null,
                "the stored row is no longer a valid event");
      }
    }

    /** In a partial check, the first event must still hang on its predecessor. */
    void checkPredecessorOfFirst() throws SQLException {
      if (first.seq() == firstSeq()) {
        if (!first.prevHash().equals(firstPrev())) {
          broken = relinked(first, firstPrev());
        }
        return;
      }
      Optional<String> before = store.hashAt(chainId, first.seq() - 1);
      if (before.isEmpty()) {
        broken =
            new IntegrityReport.Break(
                "MISSING",
                chainId,
                first.seq() - 1,
                null,
                null,
                null,
                "the link before the range is gone");
      } else if (!before.get().equals(first.prevHash())) {
        broken = relinked(first, before.get());
      }
    }

    /** In a full check, the chain starts at genesis (or its base) and ends at its recorded head. */
    void checkHead(ChainHead head) {
      if (count == 0) {
        return;
      }
      if (first.seq() != firstSeq()) {
        broken =
            new IntegrityReport.Break(
                "MISSING",
                chainId,
                firstSeq(),
                null,
                null,
                null,
                "links " + firstSeq() + " to " + (first.seq() - 1) + " are gone");
      } else if (!first.prevHash().equals(firstPrev())) {
        broken = relinked(first, firstPrev());
      } else if (head != null && (head.seq() != lastSeq || !head.hash().equals(lastHash))) {
        broken =
            new IntegrityReport.Break(
                head.seq() > lastSeq ? "TRUNCATED" : "RELINKED",
                chainId,
                head.seq(),
                null,
                head.hash(),
                lastHash,
                "the chain ends at link "
                    + lastSeq
                    + " but its recorded head is link "
                    + head.seq());
      }
    }

    private IntegrityReport.Break relinked(StoredEvent e, String expected) {
      return new IntegrityReport.Break(
          "RELINKED",
          chainId,
          e.seq(),
          e.event().id(),
          expected,
          e.prevHash(),
          "the event does not point at its predecessor");
    }
  }
}
