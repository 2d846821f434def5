package io.geminiauth.gateway.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which keys serve: in turn, held back while checked, out once Google's refusal is confirmed. */
class ApiKeyPoolTest {
  final ApiKeyPool pool = new ApiKeyPool(List.of("value-a", "value-b", "value-c"));

  List<String> nextNames(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(pool.next().toCompletableFuture().join().name());
    }
    return names;
  }

  Credential.ApiKey key(String name) {
    for (int i = 0; i < 3; i++) {
      Credential.ApiKey key = (Credential.ApiKey) pool.next().toCompletableFuture().join();
      if (key.name().equals(name)) {
        return key;
      }
    }
    throw new AssertionError(name);
  }

  @Test
  void next_keysInTurn() {
    assertThat(nextNames(4)).containsExactly("key-1", "key-2", "key-3", "key-1");
  }

  @Test
  void heldBack_notOfferedWhileOthersServe_butStillServing() {
    Credential.ApiKey two = key("key-2");
    assertThat(pool.holdBack(two)).isTrue();
    assertThat(pool.holdBack(two)).as("one check at a time").isFalse();
    assertThat(nextNames(6)).doesNotContain("key-2");
    assertThat(pool.size()).isEqualTo(3);
    assertThat(pool.states())
        .extracting(ApiKeyPool.KeyState::status)
        .containsExactly(
            ApiKeyPool.Status.SERVING, ApiKeyPool.Status.CHECKING, ApiKeyPool.Status.SERVING);
    pool.clear(two);
    assertThat(nextNames(3)).contains("key-2");
  }

  @Test
  void everyKeyHeldBack_noneIsKnownBad_allStillServe() {
    for (String name : List.of("key-1", "key-2", "key-3")) {
      pool.holdBack(key(name));
    }
    assertThat(pool.anotherServing()).isFalse();
    assertThat(nextNames(3)).containsExactlyInAnyOrder("key-1", "key-2", "key-3");
  }

  @Test
  void refusedInTheRecord_outOfRotation_untilTheRecordSaysServing() {
    Credential.ApiKey one = key("key-1");
    pool.holdBack(one);
    pool.sync(List.of(record("key-1", ApiKeyPool.Status.REFUSED_BY_GOOGLE, null)));
    assertThat(pool.size()).isEqualTo(2);
    assertThat(nextNames(4)).doesNotContain("key-1");
    assertThat(pool.rejected()).containsExactly(one);
    assertThat(pool.holdBack(one)).as("no check of a key that does not serve").isFalse();
    pool.sync(List.of(record("key-1", ApiKeyPool.Status.SERVING, null)));
    assertThat(pool.size()).isEqualTo(3);
    assertThat(nextNames(3)).contains("key-1");
  }

  @Test
  void lastKeyRefused_noneLeft_nextFailsWithNoCredential() {
    ApiKeyPool single = new ApiKeyPool(List.of("only"));
    single.sync(List.of(record("key-1", ApiKeyPool.Status.REFUSED_BY_GOOGLE, null)));
    assertThat(single.available()).isFalse();
    assertThat(single.next().toCompletableFuture()).isCompletedExceptionally();
  }

  /**
   * An added key waits as a candidate, serves once the record promotes it (after the configured
   * keys), and a retired one is gone, configured or added.
   */
  @Test
  void addedKeys_waitUntilPromoted_retiredOnesGone() {
    pool.sync(
        List.of(
            record("key-5", ApiKeyPool.Status.CANDIDATE, "value-e"),
            record("key-4", ApiKeyPool.Status.CANDIDATE, "value-d")));
    assertThat(pool.states())
        .extracting(ApiKeyPool.KeyState::name)
        .containsExactly("key-1", "key-2", "key-3", "key-4", "key-5");
    assertThat(nextNames(6)).doesNotContain("key-4", "key-5");

    pool.sync(
        List.of(
            record("key-1", ApiKeyPool.Status.RETIRED, null),
            record("key-4", ApiKeyPool.Status.SERVING, "value-d"),
            record("key-5", ApiKeyPool.Status.RETIRED, null)));
    assertThat(nextNames(3)).containsExactlyInAnyOrder("key-2", "key-3", "key-4");
    assertThat(pool.find("key-1")).isEmpty();
    assertThat(pool.find("key-4")).get().extracting(Credential.ApiKey::value).isEqualTo("value-d");
    assertThat(pool.configuredNames()).containsExactly("key-1", "key-2", "key-3");
  }

  static ApiKeyPool.KeyRecord record(String name, ApiKeyPool.Status status, String value) {
    return new ApiKeyPool.KeyRecord(name, status, value);
  }
}
