package io.geminiauth.common.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Tokens by {@link TokenKey}, in three states as in google-auth-library — fresh (served), stale
 * (served, and one background refresh starts), expired (callers wait for the one refresh in flight)
 * — with a broker's margins ({@link CacheSettings}). One mint per key at a time, however many
 * callers, the very first included. A failed mint is not repeated before its cooldown, so an outage
 * meets one attempt per backoff step while a still-valid token keeps being served.
 */
public final class TokenCache {
  private final Map<TokenKey, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong ticks = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong evictions = new AtomicLong();
  private final Clock clock;
  private final CacheSettings settings;
  private final Executor executor;
  private final Function<TokenKey, AccessToken> mint;
  private final CacheListener listener;

  public TokenCache(
      Clock clock,
      CacheSettings settings,
      Executor executor,
      Function<TokenKey, AccessToken> mint,
      CacheListener listener) {
    this.clock = clock;
    this.settings = settings;
    this.executor = executor;
    this.mint = mint;
    this.listener = listener;
  }

  /**
   * A token for {@code key} with more than the minimum time left: at once when one is cached,
   * otherwise when the mint in flight ends. Fails with {@link TokenUnavailableException} when
   * minting failed and no usable token is left.
   */
  public CompletionStage<AccessToken> get(TokenKey key, String requester) {
    Instant now = clock.instant();
    Entry entry = entries.get(key);
    if (entry == null) {
      entry = entries.computeIfAbsent(key, Entry::new);
      if (entries.size() > settings.maxEntries()) {
        evict();
      }
    }
    entry.lastUsed = ticks.incrementAndGet();
    AccessToken token = entry.token;
    if (token != null) {
      Duration left = token.remaining(now);
      if (left.compareTo(settings.minRemaining()) > 0) {
        hits.incrementAndGet();
        if (left.compareTo(settings.refreshAhead()) <= 0) {
          entry.refresh(now, requester, false);
        }
        return CompletableFuture.completedFuture(token);
      }
    }
    misses.incrementAndGet();
    return entry.refresh(now, requester, true);
  }

  /**
   * Drops the entry for {@code key} if its token matches {@code which}; returns whether it did. The
   * next {@link #get} mints anew; concurrent callers share that one mint as usual.
   */
  public boolean dropIf(TokenKey key, Predicate<AccessToken> which) {
    Entry entry = entries.get(key);
    AccessToken token = entry == null ? null : entry.token;
    return token != null && which.test(token) && entries.remove(key, entry);
  }

  /** Drops every token of {@code account}; returns how many. A mint in flight is discarded. */
  public int invalidate(String account) {
    return invalidateIf(k -> k.account().equals(account));
  }

  public int invalidateAll() {
    return invalidateIf(k -> true);
  }

  private int invalidateIf(Predicate<TokenKey> which) {
    int dropped = 0;
    for (TokenKey key : entries.keySet()) {
      if (which.test(key) && entries.remove(key) != null) {
        dropped++;
      }
    }
    return dropped;
  }

  public int size() {
    return entries.size();
  }

  public long hits() {
    return hits.get();
  }

  public long misses() {
    return misses.get();
  }

  public long evictions() {
    return evictions.get();
  }

  /** The least time left among cached tokens, if any is cached. */
  public Optional<Duration> lowestRemaining() {
    Instant now = clock.instant();
    return entries.values().stream()
        .map(e -> e.token)
        .filter(t -> t != null)
        .map(t -> t.remaining(now))
        .min(Comparator.naturalOrder());
  }

  /** The cached token for {@code key}, whatever its state (for tests and the admin view). */
  public Optional<AccessToken> peek(TokenKey key) {
    Entry entry = entries.get(key);
    return Optional.ofNullable(entry == null ? null : entry.token);
  }

  /** Drops the least recently used tenth (at least one) once the cache is over its bound. */
  private synchronized void evict() {
    int excess = entries.size() - settings.maxEntries();
    if (excess <= 0) {
      return;
    }
    int drop = Math.max(excess, settings.maxEntries() / 10);
    entries.values().stream()
        .sorted(Comparator.comparingLong(e -> e.lastUsed))
        .limit(drop)
        .forEach(
            e -> {
              if (entries.remove(e.key, e)) {
                evictions.incrementAndGet();
              }
            });
  }

  private Duration cooldown(int failures) {
    long factor = 1L << Math.min(failures - 1, 20);
    Duration wait = settings.cooldown().multipliedBy(factor);
    return wait.compareTo(settings.cooldownMax()) > 0 ? settings.cooldownMax() : wait;
  }

  /** One key's token, the mint in flight, and the failures since the last success. */
  private final class Entry {
    final TokenKey key;
    volatile AccessToken token;
    volatile long lastUsed;
    // Guarded by this.
    private CompletableFuture<AccessToken> inFlight;
    private int failures;
    private Instant retryAt;
    private Throwable lastFailure;

    Entry(TokenKey key) {
      this.key = key;
      this.lastUsed = ticks.incrementAndGet();
    }

    /**
     * Starts a mint unless one is in flight or the cooldown is not over; returns what a waiting
     * caller waits on.
     */
    synchronized CompletionStage<AccessToken> refresh(
        Instant now, String requester, boolean waiting) {
      if (inFlight != null) {
        return inFlight;
      }
      if (retryAt != null && now.isBefore(retryAt)) {
        return waiting
            ? CompletableFuture.failedFuture(
                new TokenUnavailableException(lastFailure, Duration.between(now, retryAt)))
            : null;
      }
      CompletableFuture<AccessToken> flight = new CompletableFuture<>();
      inFlight = flight;
      boolean refresh = token != null;
      try {
        executor.execute(() -> run(flight, requester, refresh));
      } catch (RuntimeException e) {
        inFlight = null;
        flight.completeExceptionally(e);
      }
      return flight;
    }

    private void run(CompletableFuture<AccessToken> flight, String requester, boolean refresh) {
      long started = System.nanoTime();
      AccessToken minted;
      try {
        minted = mint.apply(key);
      } catch (RuntimeException e) {
        Instant now = clock.instant();
        Duration wait;
        synchronized (this) {
          failures++;
          wait = cooldown(failures);
          retryAt = now.plus(wait);
          lastFailure = e;
          inFlight = null;
        }
        listener.failed(key, requester, refresh, e);
        flight.completeExceptionally(new TokenUnavailableException(e, wait));
        return;
      }
      Instant now = clock.instant();
      synchronized (this) {
        token = minted;
        failures = 0;
        lastFailure = null;
        inFlight = null;
        // A token born stale (a short IAM lifetime, a broker's token near its own refresh) or
        // below the margin goes to the callers that waited for it, but the next mint waits its
        // cooldown: no mint per call.
        retryAt =
            minted.remaining(now).compareTo(settings.refreshAhead()) > 0
                ? null
                : now.plus(settings.cooldown());
      }
      listener.minted(key, requester, refresh, Duration.ofNanos(System.nanoTime() - started));
      flight.complete(minted);
    }
  }
}
