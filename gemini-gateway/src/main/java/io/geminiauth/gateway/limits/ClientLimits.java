package io.geminiauth.gateway.limits;

import io.geminiauth.gateway.client.Client;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Where a client's requests per minute, concurrent requests and tokens of the day are counted: on
 * this replica alone ({@link LocalLimits}) or shared by every replica through Redis ({@link
 * RedisLimits}). Nothing here waits on the request's thread: a decision that needs Redis completes
 * later, most are made at once.
 */
public interface ClientLimits {

  /** Takes one of the client's requests of this minute: true if it may start. */
  CompletionStage<Boolean> takeRequest(Client client);

  /** How long until the client's requests per minute start over, for Retry-After. */
  Duration untilNextRequest(Client client);

  /** Takes one of the client's concurrent slots, or null when all are taken. */
  Slot takeSlot(Client client);

  /**
   * Tokens the client used today (UTC), across the replicas that share the count (at once when this
   * replica knows it, after one Redis read when it does not yet).
   */
  CompletionStage<Long> usedToday(String client);

  /** Counts tokens a served answer used. */
  void addTokens(String client, long tokens);

  /** A concurrent slot; {@link #release()} gives it back (once). */
  interface Slot {
    void release();
  }
}
