package io.geminiauth.common.outbox;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a producer's outbox behaves.
 *
 * @param directory where the journal lives; it must survive the process (a volume in Kubernetes)
 * @param endpoint the audit-service's {@code /v1/events} URL
 * @param producerKey the static key sent in {@code x-audit-key}
 * @param maxBytes disk the journal may use before the overflow policy applies
 * @param segmentBytes size at which the journal starts a new segment file
 * @param batchSize most events shipped in one request
 * @param overflow what {@code record} does when the journal is full
 * @param initialBackoff first wait after a failed shipment; doubles up to {@code maxBackoff}
 * @param maxBackoff longest wait between attempts
 * @param syncInterval how often written events are forced to disk (a process crash loses nothing
 *     already written; a power loss can lose at most this much)
 */
public record OutboxSettings(
    Path directory,
    URI endpoint,
    String producerKey,
    long maxBytes,
    long segmentBytes,
    int batchSize,
    OverflowPolicy overflow,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration syncInterval) {

  /** What happens to a new event when the journal is full. */
  public enum OverflowPolicy {
    /**
     * The default: nothing is dropped and nobody waits; the journal grows past its size (the disk
     * is the limit) while the service reports itself unready and full (a metric, an ERROR line), so
     * that traffic moves to other replicas and an operator is paged, until shipping frees space.
     */
    UNREADY,
    /** The caller waits until shipping frees space (for batch producers, never a request path). */
    BLOCK,
    /** The oldest unshipped segment is dropped, and its events counted as dropped. */
    DROP_OLDEST
  }

  public OutboxSettings {
    if (maxBytes < 2 * segmentBytes) {
      throw new IllegalArgumentException("maxBytes must hold at least two segments");
    }
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("batchSize must be between 1 and 1000");
    }
  }

  /**
   * Sensible defaults: 256 MiB of journal in 8 MiB segments, batches of 500, and {@code overflow}
   * when it is full.
   */
  public static OutboxSettings defaults(
      Path directory, URI endpoint, String producerKey, OverflowPolicy overflow) {
    return new OutboxSettings(
        directory,
        endpoint,
        producerKey,
        256L * 1024 * 1024,
        8L * 1024 * 1024,
        500,
        overflow,
        Duration.ofMillis(200),
        Duration.ofSeconds(30),
        Duration.ofMillis(200));
  }

  @Override
  public String toString() {
    return "OutboxSettings[directory="
        + directory
        + ", endpoint="
        + endpoint
        + ", producerKey=[REDACTED]]";
  }
}
