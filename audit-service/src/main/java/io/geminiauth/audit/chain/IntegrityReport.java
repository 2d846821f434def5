package io.geminiauth.audit.chain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** The outcome of an integrity check: what was checked and the first break found, if any. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntegrityReport(
    boolean verified,
    long eventsChecked,
    int chainsChecked,
    int checkpointsChecked,
    Break firstBreak) {

  /**
   * Where the evidence breaks. {@code kind}: EDITED (an event no longer hashes to its stored hash),
   * UNREADABLE (a row no longer makes an event), MISSING (a link of the chain is gone), RELINKED
   * (an event no longer points at its predecessor: reordered or inserted), TRUNCATED (a chain ends
   * before its recorded or checkpointed head), BAD_SIGNATURE (a checkpoint's signature does not
   * verify).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Break(
      String kind,
      String chainId,
      Long seq,
      UUID eventId,
      String expected,
      String found,
      String detail) {}
}
