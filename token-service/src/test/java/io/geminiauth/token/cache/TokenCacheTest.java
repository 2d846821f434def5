package io.geminiauth.token.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geminiauth.common.token.AccessToken;
import io.geminiauth.common.token.CacheListener;
import io.geminiauth.common.token.CacheSettings;
import io.geminiauth.common.token.TokenCache;
import io.geminiauth.common.token.TokenKey;
import io.geminiauth.common.token.TokenUnavailableException;
import io.geminiauth.testsupport.MovableClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The cache's states and boundaries, with a clock the test moves and mints it runs by hand. */
class TokenCacheTest {
  static final Duration LIFETIME = Duration.ofSeconds(3599);
  static final CacheSettings SETTINGS =
      CacheSettings.forClients(
          "token.cache",
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          100,
          Duration.ofSeconds(1),
          Duration.ofSeconds(8));
  static final TokenKey KEY = TokenKey.of("sa@p.iam.gserviceaccount.com", List.of("s"));

  final MovableClock clock = MovableClock.system();
  final Queue<Runnable> pending = new ArrayDeque<>();
  final Executor manual = pending::add;
  final AtomicInteger mints = new AtomicInteger();
  final List<String> reports = new ArrayList<>();
  Function<TokenKey, AccessToken> mint =
      key -> new AccessToken("token-" + mints.incrementAndGet(), clock.instant().plus(LIFETIME));

  TokenCache cache(CacheSettings settings) {
    return new TokenCache(
        clock,
        settings,
        manual,
        key -> mint.apply(key),
        new CacheListener() {
          @Override
          public void minted(TokenKey key, String requester, boolean refresh, Duration latency) {
            reports.add((refresh ? "refreshed " : "issued ") + requester);
          }

          @Override
          public void failed(TokenKey key, String requester, boolean refresh, Throwable failure) {
            reports.add("failed " + requester);
          }
        });
  }

  void runMints() {
    while (!pending.isEmpty()) {
      pending.poll().run();
    }
  }

  static String value(CompletionStage<AccessToken> stage) throws Exception {
    return stage.toCompletableFuture().get().value();
  }

  @Test
  void get_thousandCallersOnColdKey_oneMintAllServed() throws Exception {
    TokenCache cache = cache(SETTINGS);
    List<CompletionStage<AccessToken>> waiting = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      waiting.add(cache.get(KEY, "caller-" + i));
    }
    assertThat(waiting).allMatch(s -> !s.toCompletableFuture().isDone());
    assertThat(pending).hasSize(1);
    runMints();
    for (CompletionStage<AccessToken> stage : waiting) {
      assertThat(value(stage)).isEqualTo("token-1");
    }
    assertThat(mints).hasValue(1);
    assertThat(reports).containsExactly("issued caller-0");
  }

  @Test
  void get_freshUntilRefreshAhead_thenStaleServedWithOneBackgroundRefresh() throws Exception {
    TokenCache cache = cache(SETTINGS);
    cache.get(KEY, "a");
    runMints();
    // One second before the stale boundary: fresh, nothing starts.
    clock.advance(LIFETIME.minus(SETTINGS.refreshAhead()).minusSeconds(1));
    assertThat(value(cache.get(KEY, "a"))).isEqualTo("token-1");
    assertThat(pending).isEmpty();
    // Exactly at the boundary: stale. The current token is served and one refresh starts.
    clock.advance(Duration.ofSeconds(1));
    assertThat(value(cache.get(KEY, "b"))).isEqualTo("token-1");
    assertThat(value(cache.get(KEY, "c"))).isEqualTo("token-1");
    assertThat(pending).hasSize(1);
    runMints();
    assertThat(value(cache.get(KEY, "d"))).isEqualTo("token-2");
    assertThat(reports).containsExactly("issued a", "refreshed b");
    assertThat(cache.hits()).isEqualTo(4);
    assertThat(cache.misses()).isEqualTo(1);
  }

  @Test
  void get_atMinRemaining_expiredCallersWaitForTheRefresh() throws Exception {
    TokenCache cache = cache(SETTINGS);
    cache.get(KEY, "a");
    runMints();
    // One second above the margin: still served (stale).
    clock.advance(LIFETIME.minus(SETTINGS.minRemaining()).minusSeconds(1));
    assertThat(value(cache.get(KEY, "a"))).isEqualTo("token-1");
    pending.clear();
    cache.invalidateAll();
    cache.get(KEY, "a");
    runMints();
    // Exactly at the margin: never handed out; callers wait for the new one.
    clock.advance(LIFETIME.minus(SETTINGS.minRemaining()));
    CompletionStage<AccessToken> waiting = cache.get(KEY, "b");
    assertThat(waiting.toCompletableFuture().isDone()).isFalse();
    runMints();
    assertThat(value(waiting)).isEqualTo("token-3");
  }

  @Test
  void get_mintFails_cooldownDoublesAndNoMintBeforeItEnds() {
    TokenCache cache = cache(SETTINGS);
    mint =
        key -> {
          mints.incrementAndGet();
          throw new IllegalStateException("upstream down");
        };
    List<Duration> retryAfters = new ArrayList<>();
    for (int step = 0; step < 5; step++) {
      CompletionStage<AccessToken> waiting = cache.get(KEY, "a");
      runMints();
      Throwable failure = failure(waiting);
      retryAfters.add(((TokenUnavailableException) failure).retryAfter());
      // Inside the cooldown: refused at once, no mint.
      Throwable refused = failure(cache.get(KEY, "a"));
      assertThat(refused).isInstanceOf(TokenUnavailableException.class);
      assertThat(pending).isEmpty();
      clock.advance(retryAfters.get(step));
    }
    assertThat(mints).hasValue(5);
    assertThat(retryAfters)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(8));
  }

  @Test
  void get_staleAndUpstreamDown_keepsServingValidTokenOneAttemptPerStep() throws Exception {
    TokenCache cache = cache(SETTINGS);
    cache.get(KEY, "a");
    runMints();
    clock.advance(LIFETIME.minus(SETTINGS.refreshAhead()));
    mint =
        key -> {
          mints.incrementAndGet();
          throw new IllegalStateException("upstream down");
        };
    // Ten minutes of outage, a request every second: every one is served the valid token.
    for (int second = 0; second < 600 - 1; second++) {
      assertThat(value(cache.get(KEY, "a"))).isEqualTo("token-1");
      runMints();
      clock.advance(Duration.ofSeconds(1));
    }
    // Attempts at 0, 1, 3 and 7 s, then every 8 s (the cap) from 15 s to 598 s: 77, not 599.
    assertThat(mints.get() - 1).isEqualTo(4 + (598 - 15) / 8 + 1);
    // The margin reached: no token can be had; the caller hears when to come back.
    clock.advance(Duration.ofSeconds(1));
    CompletionStage<AccessToken> last = cache.get(KEY, "a");
    runMints();
    assertThat(failure(last)).isInstanceOf(TokenUnavailableException.class);
  }

  @Test
  void get_mintedTokenShorterThanMargin_servedOnceThenNoMintStorm() throws Exception {
    TokenCache cache = cache(SETTINGS);
    mint =
        key ->
            new AccessToken("short-" + mints.incrementAndGet(), clock.instant().plusSeconds(120));
    CompletionStage<AccessToken> first = cache.get(KEY, "a");
    runMints();
    assertThat(value(first)).isEqualTo("short-1");
    for (int i = 0; i < 100; i++) {
      cache.get(KEY, "a");
      runMints();
    }
    assertThat(mints).hasValue(1);
  }

  @Test
  void invalidate_dropsTheAccountsTokens_nextCallMints() throws Exception {
    TokenCache cache = cache(SETTINGS);
    cache.get(KEY, "a");
    cache.get(TokenKey.of("other@p.iam.gserviceaccount.com", List.of("s")), "a");
    runMints();
    assertThat(cache.invalidate(KEY.account())).isEqualTo(1);
    assertThat(cache.size()).isEqualTo(1);
    CompletionStage<AccessToken> next = cache.get(KEY, "a");
    runMints();
    assertThat(value(next)).isEqualTo("token-3");
  }

  @Test
  void get_overMaxEntries_leastRecentlyUsedEvicted() throws Exception {
    TokenCache cache =
        cache(
            CacheSettings.forClients(
                "token.cache",
                Duration.ofMinutes(5),
                Duration.ofMinutes(15),
                10,
                Duration.ofSeconds(1),
                Duration.ofSeconds(8)));
    for (int i = 0; i < 10; i++) {
      cache.get(TokenKey.of("sa" + i + "@p.iam.gserviceaccount.com", List.of("s")), "a");
      runMints();
    }
    // sa0 is used again, so sa1 is now the least recently used.
    cache.get(TokenKey.of("sa0@p.iam.gserviceaccount.com", List.of("s")), "a");
    cache.get(TokenKey.of("sa10@p.iam.gserviceaccount.com", List.of("s")), "a");
    runMints();
    assertThat(cache.size()).isEqualTo(10);
    assertThat(cache.evictions()).isEqualTo(1);
    assertThat(cache.peek(TokenKey.of("sa0@p.iam.gserviceaccount.com", List.of("s")))).isPresent();
    assertThat(cache.peek(TokenKey.of("sa1@p.iam.gserviceaccount.com", List.of("s")))).isEmpty();
  }

  @Test
  void tokenKey_scopeOrderAndRepetition_sameKey() {
    assertThat(TokenKey.of("a@b.c", List.of("y", "x", "y")))
        .isEqualTo(TokenKey.of("a@b.c", List.of("x", "y")));
  }

  @Test
  void settings_marginsThatMakeClientsLoop_refused() {
    assertThatThrownBy(
            () ->
                CacheSettings.forClients(
                    "token.cache",
                    Duration.ofSeconds(225),
                    Duration.ofMinutes(15),
                    10,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(8)))
        .hasMessageContaining("3m45s");
    assertThatThrownBy(
            () ->
                CacheSettings.forClients(
                    "token.cache",
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(5),
                    10,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(8)))
        .hasMessageContaining("refresh-ahead");
    assertThatThrownBy(
            () ->
                CacheSettings.forClients(
                    "token.cache",
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(56),
                    10,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(8)))
        .hasMessageContaining("55m");
  }

  private static Throwable failure(CompletionStage<AccessToken> stage) {
    CompletableFuture<AccessToken> future = stage.toCompletableFuture();
    assertThat(future).isCompletedExceptionally();
    try {
      future.get();
      throw new AssertionError("not failed");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
