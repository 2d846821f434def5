package io.geminiauth.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir Path dir;

  private Journal open(long segment, long max, OutboxSettings.OverflowPolicy policy)
      throws Exception {
    return new Journal(dir, segment, max, policy);
  }

  private static String line(int i) {
    return "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(40) + "\"}";
  }

  @Test
  void appendReadAcknowledge_acrossSegments_inOrder() throws Exception {
    try (Journal journal = open(200, 10_000, OutboxSettings.OverflowPolicy.BLOCK)) {
      for (int i = 0; i < 10; i++) {
        journal.append(line(i));
      }
      List<String> all = new ArrayList<>();
      Journal.Batch batch;
      while (!(batch = journal.read(3)).isEmpty()) {
        all.addAll(batch.lines());
        journal.acknowledge(batch.end());
      }
      assertThat(all).hasSize(10).first().isEqualTo(line(0));
      assertThat(all.get(9)).isEqualTo(line(9));
      assertThat(journal.unshippedBytes()).isZero();
      // Spent segments are gone; only the one being written remains.
      try (var files = Files.list(dir)) {
        assertThat(files.filter(p -> p.toString().endsWith(".ndjson")).count()).isEqualTo(1);
      }
    }
  }

  @Test
  void reopen_afterCrash_resumesAtTheCursor_andDropsATornLine() throws Exception {
    Journal journal = open(10_000, 100_000, OutboxSettings.OverflowPolicy.BLOCK);
    for (int i = 0; i < 5; i++) {
      journal.append(line(i));
    }
    Journal.Batch first = journal.read(2);
    journal.acknowledge(first.end());
    journal.close();
    // A machine crash left half a line at the end.
    Path segment;
    try (var files = Files.list(dir)) {
      segment = files.filter(p -> p.toString().endsWith(".ndjson")).findFirst().orElseThrow();
    }
    Files.writeString(
        segment, "{\"n\":99,\"half", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    try (Journal reopened = open(10_000, 100_000, OutboxSettings.OverflowPolicy.BLOCK)) {
      assertThat(reopened.read(100).lines()).containsExactly(line(2), line(3), line(4));
      reopened.append(line(5));
      assertThat(reopened.read(100).lines()).containsExactly(line(2), line(3), line(4), line(5));
    }
  }

  @Test
  void full_dropOldest_dropsWholeOldestSegment_andCountsIt() throws Exception {
    try (Journal journal = open(300, 600, OutboxSettings.OverflowPolicy.DROP_OLDEST)) {
      for (int i = 0; i < 30; i++) {
        journal.append(line(i));
      }
      assertThat(journal.droppedLines()).isPositive();
      assertThat(journal.unshippedBytes()).isLessThanOrEqualTo(600 + line(0).length() + 1);
      List<String> left = journal.read(100).lines();
      assertThat(left).isNotEmpty().last().isEqualTo(line(29));
      assertThat(journal.droppedLines() + left.size()).isEqualTo(30);
    }
  }

  /** The default: a full journal drops nothing and blocks no one; it says it is full instead. */
  @Test
  void full_unready_keepsEveryEvent_saysFullUntilShippingFreesSpace() throws Exception {
    try (Journal journal = open(300, 600, OutboxSettings.OverflowPolicy.UNREADY)) {
      for (int i = 0; i < 30; i++) {
        journal.append(line(i));
      }
      assertThat(journal.droppedLines()).isZero();
      assertThat(journal.full()).isTrue();
      Journal.Batch all = journal.read(100);
      assertThat(all.lines()).hasSize(30).first().isEqualTo(line(0));
      journal.acknowledge(all.end());
      assertThat(journal.full()).isFalse();
    }
  }

  @Test
  void full_block_waitsUntilShippingFreesSpace() throws Exception {
    try (Journal journal = open(300, 600, OutboxSettings.OverflowPolicy.BLOCK)) {
      int fits = 0;
      while (journal.unshippedBytes() + line(0).length() + 1 <= 600) {
        journal.append(line(fits++));
      }
      CountDownLatch appended = new CountDownLatch(1);
      Thread producer =
          new Thread(
              () -> {
                try {
                  journal.append(line(1000));
                  appended.countDown();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      producer.start();
      assertThat(appended.await(300, TimeUnit.MILLISECONDS)).isFalse();

      journal.acknowledge(journal.read(5).end());

      assertThat(appended.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(journal.droppedLines()).isZero();
    }
  }
}
