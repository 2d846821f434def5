package io.geminiauth.common.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Events the audit-service refused for good, kept beside the journal instead of dropped: one
 * original event per line (NDJSON, synced to disk), so that an operator can read them and, once the
 * cause is fixed, replay the file as it is ({@code curl --data-binary @dead-letters.ndjson -H
 * 'Content-Type: application/x-ndjson' .../v1/events}: the service recognises events it already has
 * by id). Survives restarts; its count is a metric.
 */
final class DeadLetters {
  static final String FILE = "dead-letters.ndjson";

  private final Path file;
  private final AtomicLong count;

  DeadLetters(Path directory) throws IOException {
    this.file = directory.resolve(FILE);
    long lines = 0;
    if (Files.exists(file)) {
      try (Stream<String> existing = Files.lines(file, StandardCharsets.UTF_8)) {
        lines = existing.filter(l -> !l.isBlank()).count();
      }
    }
    this.count = new AtomicLong(lines);
  }

  /** Keeps {@code line} (one event's JSON) for good. */
  synchronized void keep(String line) throws IOException {
    Files.writeString(
        file,
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.SYNC);
    count.incrementAndGet();
  }

  /** Events kept so far, earlier runs included. */
  long count() {
    return count.get();
  }

  Path file() {
    return file;
  }
}
