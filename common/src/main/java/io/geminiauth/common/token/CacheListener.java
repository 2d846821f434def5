package io.geminiauth.common.token;

import java.time.Duration;

/** What the cache reports: mints that worked, and those that did not. */
public interface CacheListener {

  /**
   * A token was minted for {@code key}, at the request of {@code requester}; {@code refresh} when
   * it replaced an earlier one.
   */
  void minted(TokenKey key, String requester, boolean refresh, Duration latency);

  /** A mint for {@code key} failed. */
  void failed(TokenKey key, String requester, boolean refresh, Throwable failure);
}
