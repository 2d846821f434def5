package io.geminiauth.audit.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.geminiauth.common.error.GoogleError;
import java.util.UUID;

/** What became of one event of a batch: stored, duplicate, or rejected with Google's error. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemResult(int index, UUID id, Status status, GoogleError.Status error) {
  /** The fate of one event. */
  public enum Status {
    STORED,
    DUPLICATE,
    REJECTED
  }
}
