package io.geminiauth.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The audit-service's settings. */
@ConfigMapping(prefix = "audit")
public interface AuditConfig {

  /** Ingestion limits and secret hygiene. */
  Ingest ingest();

  /** The hash chain and its signed checkpoints. */
  Chain chain();

  /** Checkpoints. */
  Checkpoint checkpoint();

  /** Who may write and read. */
  Auth auth();

  /** The failed-auth detector. */
  Alerts alerts();

  /** How long events are kept. */
  Retention retention();

  /**
   * Where the embedded H2 store lives (first run; PostgreSQL in production). The H2 datasource's
   * JDBC URL reads it, so it is part of this mapping, or the name would be refused as unknown.
   */
  @WithDefault("./audit-data/audit")
  String h2Path();

  /** Retention settings. */
  interface Retention {
    /** Events ingested longer ago than this are deleted. */
    @WithDefault("400d")
    Duration maxAge();

    /** How often the retention job runs. */
    @WithDefault("1h")
    Duration interval();

    /** A legal hold suspends every deletion while it is set. */
    @WithDefault("false")
    boolean legalHold();
  }

  /** Detector settings. */
  interface Alerts {
    /** Length of one counting window. */
    @WithDefault("1m")
    Duration window();

    /** Failed or denied events in one window, over all principals, that raise an alert. */
    @WithDefault("100")
    long threshold();

    /** Failed or denied events of one principal in one window that raise an alert. */
    @WithDefault("20")
    long principalThreshold();

    /** Windows that make the trailing baseline. */
    @WithDefault("15")
    int baselineWindows();

    /** A window this many times above the baseline's average is a spike. */
    @WithDefault("5")
    double spikeFactor();

    /** Fewest events a window needs before it can count as a spike (avoids 1 vs 0). */
    @WithDefault("10")
    long spikeMinimum();

    /** Where alerts are POSTed as JSON; unset, no webhook is called. */
    Optional<String> webhookUrl();
  }

  /** Ingestion settings. */
  interface Ingest {
    /** Most events accepted in one request. */
    @WithDefault("1000")
    int maxBatchSize();

    /** How far in the future an event's time may lie (producers' clocks drift a little). */
    @WithDefault("5m")
    Duration maxFutureSkew();

    /** What to do with a value that looks like a secret: REJECT the event, or MASK the value. */
    @WithDefault("REJECT")
    SecretPolicy secretPolicy();
  }

  /** What happens to an event carrying something that looks like a secret. */
  enum SecretPolicy {
    REJECT,
    MASK
  }

  /** Chain settings. */
  interface Chain {
    /**
     * This writer's chain id. Every replica writes its own chain, so inserts are never serialised
     * across the cluster; unset, each process start begins a new chain with a random id.
     */
    Optional<String> writerId();

    /**
     * Chains this process writes side by side ({@code <writer-id>-0}, {@code -1}, …), so that
     * concurrent batches reach the database in parallel.
     */
    @WithDefault("4")
    int stripes();
  }

  /** Checkpoint settings. */
  interface Checkpoint {
    /** How often every chain's head is signed into a checkpoint. */
    @WithDefault("60s")
    Duration interval();

    /**
     * PKCS#8 PEM file of the Ed25519 key that signs checkpoints. Unset, a key is made at start-up;
     * its public half is stored with the checkpoints either way.
     */
    Optional<String> signingKeyFile();
  }

  /** Static keys, stored as SHA-256 hex of the key presented in {@code x-audit-key}. */
  interface Auth {
    /** Keys allowed to write events. */
    Optional<List<String>> producerKeyHashes();

    /** Keys allowed to read events, stats and integrity reports. */
    Optional<List<String>> readerKeyHashes();

    /** Keys allowed to set and release legal holds. */
    Optional<List<String>> adminKeyHashes();
  }
}
