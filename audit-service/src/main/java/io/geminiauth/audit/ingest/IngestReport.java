package io.geminiauth.audit.ingest;

import java.util.List;

/** The answer to a batch: counts and one result per item, in order. */
public record IngestReport(int stored, int duplicates, int rejected, List<ItemResult> results) {
  static IngestReport of(List<ItemResult> results) {
    int stored = 0;
    int duplicates = 0;
    int rejected = 0;
    for (ItemResult r : results) {
      switch (r.status()) {
        case STORED -> stored++;
        case DUPLICATE -> duplicates++;
        case REJECTED -> rejected++;
      }
    }
    return new IngestReport(stored, duplicates, rejected, results);
  }
}
