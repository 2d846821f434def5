package io.geminiauth.common.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A durable queue of lines in segment files ({@code seg-<n>.ndjson}) plus a cursor file naming the
 * first line not yet acknowledged. Lines are written on the caller's thread, so a line that {@link
 * #append} returned for survives a crash of the process; segments wholly acknowledged are deleted.
 */
final class Journal implements AutoCloseable {
  private static final String CURSOR = "cursor";
  private static final long READ_WINDOW = 4L * 1024 * 1024;

  /** A place in the journal: a segment and a byte offset in it. */
  record Position(long segment, long offset) {}

  /** Lines read from the cursor on, and the position just after them. */
  record Batch(List<String> lines, Position end) {
    boolean isEmpty() {
      return lines.isEmpty();
    }
  }

  private final Path directory;
  private final long segmentBytes;
  private final long maxBytes;
  private final OutboxSettings.OverflowPolicy overflow;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition spaceFreed = lock.newCondition();

  /** Segment number → size in bytes, for every segment on disk. */
  private final TreeMap<Long, Long> segments = new TreeMap<>();

  private Position cursor;
  private FileChannel current;
  private long currentSegment;
  private long dropped;

  Journal(Path directory, long segmentBytes, long maxBytes, OutboxSettings.OverflowPolicy overflow)
      throws IOException {
    this.directory = Files.createDirectories(directory);
    this.segmentBytes = segmentBytes;
    this.maxBytes = maxBytes;
    this.overflow = overflow;
    recover();
  }

  /** Appends one line (without its newline). Blocks or drops per the overflow policy when full. */
  void append(String line) throws InterruptedException {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    lock.lock();
    try {
      while (overflow != OutboxSettings.OverflowPolicy.UNREADY
          && unshippedBytes() + bytes.length > maxBytes) {
        if (overflow == OutboxSettings.OverflowPolicy.BLOCK) {
          spaceFreed.await(100, TimeUnit.MILLISECONDS);
        } else if (!dropOldestSegment()) {
          break; // only the segment being written is left: accept the overshoot of one line
        }
      }
      if (segments.get(currentSegment) + bytes.length > segmentBytes
          && segments.get(currentSegment) > 0) {
        roll();
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        current.write(buffer);
      }
      segments.merge(currentSegment, (long) bytes.length, Long::sum);
    } catch (IOException e) {
      throw new UncheckedIOException("the audit outbox could not write its journal", e);
    } finally {
      lock.unlock();
    }
  }

  /** Whether the unshipped events fill the journal's size (or, with UNREADY, more). */
  boolean full() {
    return unshippedBytes() >= maxBytes;
  }

  /** Up to {@code max} complete lines from the cursor on, across segments. */
  Batch read(int max) throws IOException {
    Position from;
    TreeMap<Long, Long> sizes;
    lock.lock();
    try {
      from = cursor;
      sizes = new TreeMap<>(segments.tailMap(cursor.segment(), true));
    } finally {
      lock.unlock();
    }
    List<String> lines = new ArrayList<>();
    Position end = from;
    for (var entry : sizes.entrySet()) {
      long segment = entry.getKey();
      long size = entry.getValue();
      long offset = segment == from.segment() ? from.offset() : 0;
      if (offset >= size) {
        end = new Position(segment, size);
        continue;
      }
      // Events are at most tens of KB: a bounded window holds a whole batch without reading the
      // rest of a large segment.
      byte[] data = readRange(segment, offset, Math.min(size, offset + READ_WINDOW));
      int start = 0;
      for (int i = 0; i < data.length && lines.size() < max; i++) {
        if (data[i] == '\n') {
          lines.add(new String(data, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      end = new Position(segment, offset + start);
      if (lines.size() >= max || offset + start < size) {
        break;
      }
    }
    return new Batch(lines, end);
  }

  /** Everything before {@code end} is acknowledged: moves the cursor, deletes spent segments. */
  void acknowledge(Position end) throws IOException {
    lock.lock();
    try {
      writeCursor(end);
      cursor = end;
      for (Long segment : new ArrayList<>(segments.headMap(end.segment(), false).keySet())) {
        Files.deleteIfExists(segmentPath(segment));
        segments.remove(segment);
      }
      spaceFreed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Forces written lines to the storage device. */
  void sync() throws IOException {
    lock.lock();
    try {
      current.force(false);
    } finally {
      lock.unlock();
    }
  }

  long unshippedBytes() {
    lock.lock();
    try {
      long total = 0;
      for (var e : segments.tailMap(cursor.segment(), true).entrySet()) {
        total += e.getValue();
      }
      return total - cursor.offset();
    } finally {
      lock.unlock();
    }
  }

  long maxBytes() {
    return maxBytes;
  }

  long droppedLines() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      current.force(false);
      current.close();
    } finally {
      lock.unlock();
    }
  }

  private boolean dropOldestSegment() throws IOException {
    long oldest = cursor.segment();
    if (oldest == currentSegment) {
      return false;
    }
    byte[] data = readRange(oldest, cursor.offset(), segments.get(oldest));
    for (byte b : data) {
      if (b == '\n') {
        dropped++;
      }
    }
    long next = segments.higherKey(oldest);
    Position after = new Position(next, 0);
    writeCursor(after);
    cursor = after;
    Files.deleteIfExists(segmentPath(oldest));
    segments.remove(oldest);
    return true;
  }

  private void roll() throws IOException {
    current.force(false);
    current.close();
    currentSegment++;
    open(currentSegment);
  }

  private void open(long segment) throws IOException {
    current =
        FileChannel.open(
            segmentPath(segment),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    segments.putIfAbsent(segment, current.size());
  }

  private void recover() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("seg-\\d+\\.ndjson"))
          .forEach(
              n -> {
                long segment = Long.parseLong(n.substring(4, n.length() - 7));
                try {
                  segments.put(segment, Files.size(segmentPath(segment)));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    if (segments.isEmpty()) {
      segments.put(1L, 0L);
    }
    currentSegment = segments.lastKey();
    dropTornTail(currentSegment);
    open(currentSegment);
    cursor = readCursor().orElse(new Position(segments.firstKey(), 0));
    if (!segments.containsKey(cursor.segment())) {
      Long next = segments.ceilingKey(cursor.segment());
      cursor = new Position(next == null ? currentSegment : next, 0);
    }
  }

  /** A line cut off by a crash of the machine is dropped: its record() never returned. */
  private void dropTornTail(long segment) throws IOException {
    Path path = segmentPath(segment);
    if (!Files.exists(path) || Files.size(path) == 0) {
      return;
    }
    byte[] data = Files.readAllBytes(path);
    int end = data.length;
    while (end > 0 && data[end - 1] != '\n') {
      end--;
    }
    if (end < data.length) {
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
        channel.truncate(end);
      }
      segments.put(segment, (long) end);
    }
  }

  private java.util.Optional<Position> readCursor() throws IOException {
    Path path = directory.resolve(CURSOR);
    if (!Files.exists(path)) {
      return java.util.Optional.empty();
    }
    String[] parts = Files.readString(path).trim().split(" ");
    return java.util.Optional.of(new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
  }

  private void writeCursor(Position position) throws IOException {
    Path tmp = directory.resolve(CURSOR + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(
          ByteBuffer.wrap(
              (position.segment() + " " + position.offset() + "\n")
                  .getBytes(StandardCharsets.US_ASCII)));
      channel.force(true);
    }
    try {
      Files.move(tmp, directory.resolve(CURSOR), StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, directory.resolve(CURSOR), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private byte[] readRange(long segment, long from, long to) throws IOException {
    try (FileChannel channel = FileChannel.open(segmentPath(segment), StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate((int) (to - from));
      channel.position(from);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // keep reading until the range is in
      }
      return java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }
  }

  private Path segmentPath(long segment) {
    return directory.resolve(String.format("seg-%012d.ndjson", segment));
  }
}
