package io.geminiauth.gateway.credential;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * An upstream's Google API keys, used in turn. Keys are never shown; they are named by their
 * position in configuration ({@code key-1}, {@code key-2}, …), and keys added through the admin API
 * by the next free number, wherever they must be told apart.
 *
 * <p>Which keys serve is the fleet's record ({@link #sync}): a configured key serves unless the
 * record says otherwise; an added key is a candidate until promoted; a key Google refused on the
 * gateway's own check is out until a later check passes; a retired key is gone. Every replica syncs
 * from the same record, so they agree.
 *
 * <p>A key that Google refused on a client's request is only held back, on this replica: the
 * refusal may have been about the request (a client can make Google answer {@code
 * API_KEY_INVALID}), so the key leaves rotation only when a check of the gateway's own confirms it.
 * While a key is held back the others serve; when every key is held back they all still serve,
 * since none is known to be bad.
 */
public final class ApiKeyPool implements CredentialSource {
  private final List<Credential.ApiKey> configured;
  // Replaced whole on every change, read without a copy on every request.
  private volatile List<Credential.ApiKey> serving;
  private volatile List<Credential.ApiKey> rejected = List.of();
  private volatile List<Credential.ApiKey> candidates = List.of();
  private final Set<Credential.ApiKey> heldBack = ConcurrentHashMap.newKeySet();
  private final AtomicInteger next = new AtomicInteger();

  public ApiKeyPool(List<String> values) {
    List<Credential.ApiKey> keys = new ArrayList<>();
    for (String value : values) {
      if (!value.isBlank()) {
        keys.add(new Credential.ApiKey(NAME_PREFIX + (keys.size() + 1), value.trim()));
      }
    }
    configured = List.copyOf(keys);
    serving = configured;
  }

  /** Names are {@code key-<n>}. */
  public static final String NAME_PREFIX = "key-";

  /** Where a key stands, for the admin list. */
  public enum Status {
    /** In rotation. */
    SERVING,
    /** In rotation, but Google refused it on a request and a check is under way. */
    CHECKING,
    /** Google refused it on the gateway's own check: out of rotation, checked again later. */
    REFUSED_BY_GOOGLE,
    /** Added and verified, not yet promoted. */
    CANDIDATE,
    /** Retired by an operator: out of the pool for good. */
    RETIRED
  }

  /** A key, whether it serves, and where it stands: for the admin list. */
  public record KeyState(String name, boolean serving, Status status) {}

  /**
   * A key's state in the fleet's record: its value for a key added through the admin API, null for
   * a configured one (its value is in configuration) or one whose value is gone.
   */
  public record KeyRecord(String name, Status status, String value) {
    @Override
    public String toString() {
      return "KeyRecord[" + name + ", " + status + "]";
    }
  }

  /** The configured keys' names, in order. */
  public List<String> configuredNames() {
    return configured.stream().map(Credential.ApiKey::name).toList();
  }

  /** Takes the fleet's record as the truth: which keys serve, which are out, which wait. */
  public synchronized void sync(List<KeyRecord> records) {
    Map<String, KeyRecord> byName = new HashMap<>();
    records.forEach(r -> byName.put(r.name(), r));
    List<Credential.ApiKey> nowServing = new ArrayList<>();
    List<Credential.ApiKey> nowRejected = new ArrayList<>();
    List<Credential.ApiKey> nowCandidates = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Credential.ApiKey key : configured) {
      names.add(key.name());
      KeyRecord record = byName.get(key.name());
      place(
          key,
          record == null ? Status.SERVING : record.status(),
          nowServing,
          nowRejected,
          nowCandidates);
    }
    records.stream()
        .filter(r -> !names.contains(r.name()) && r.value() != null)
        .sorted(Comparator.comparingInt(r -> number(r.name())))
        .forEach(
            r ->
                place(
                    new Credential.ApiKey(r.name(), r.value()),
                    r.status(),
                    nowServing,
                    nowRejected,
                    nowCandidates));
    serving = List.copyOf(nowServing);
    rejected = List.copyOf(nowRejected);
    candidates = List.copyOf(nowCandidates);
    heldBack.retainAll(nowServing);
  }

  private static void place(
      Credential.ApiKey key,
      Status status,
      List<Credential.ApiKey> serving,
      List<Credential.ApiKey> rejected,
      List<Credential.ApiKey> candidates) {
    switch (status) {
      case SERVING, CHECKING -> serving.add(key);
      case REFUSED_BY_GOOGLE -> rejected.add(key);
      case CANDIDATE -> candidates.add(key);
      case RETIRED -> {
        // gone
      }
    }
  }

  /** The number in a key's name ({@code key-7}: 7), or 0 for another name. */
  public static int number(String name) {
    try {
      return name.startsWith(NAME_PREFIX)
          ? Integer.parseInt(name.substring(NAME_PREFIX.length()))
          : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Holds a refused key back until it is checked. True when it was serving and not held back yet:
   * the caller starts the check; false when a check already runs or the key left meanwhile.
   */
  public boolean holdBack(Credential.ApiKey key) {
    return serving.contains(key) && heldBack.add(key);
  }

  /** The check found nothing wrong with the key (or could not tell): it serves as before. */
  public void clear(Credential.ApiKey key) {
    heldBack.remove(key);
  }

  /** The keys Google refused on a check, to check again. */
  public List<Credential.ApiKey> rejected() {
    return rejected;
  }

  /** The key named {@code name} if it serves, was refused or waits: what a check or step needs. */
  public Optional<Credential.ApiKey> find(String name) {
    return Stream.of(serving, rejected, candidates)
        .flatMap(List::stream)
        .filter(k -> k.name().equals(name))
        .findFirst();
  }

  /** Whether a serving key that is not held back is left: another worth a try. */
  public boolean anotherServing() {
    for (Credential.ApiKey key : serving) {
      if (!heldBack.contains(key)) {
        return true;
      }
    }
    return false;
  }

  /** The keys, by name, serving ones first. */
  public List<KeyState> states() {
    List<KeyState> states = new ArrayList<>();
    serving.forEach(
        k ->
            states.add(
                new KeyState(
                    k.name(), true, heldBack.contains(k) ? Status.CHECKING : Status.SERVING)));
    rejected.forEach(k -> states.add(new KeyState(k.name(), false, Status.REFUSED_BY_GOOGLE)));
    candidates.forEach(k -> states.add(new KeyState(k.name(), false, Status.CANDIDATE)));
    return states;
  }

  /** The next key in turn, passing over keys held back unless all are; fails when none serves. */
  @Override
  public CompletionStage<Credential> next() {
    List<Credential.ApiKey> keys = serving;
    if (keys.isEmpty()) {
      return CompletableFuture.failedFuture(
          new NoCredentialException("no Google API key left in rotation"));
    }
    int start = Math.floorMod(next.getAndIncrement(), keys.size());
    Credential.ApiKey chosen = keys.get(start);
    if (!heldBack.isEmpty()) {
      for (int i = 0; i < keys.size(); i++) {
        Credential.ApiKey key = keys.get((start + i) % keys.size());
        if (!heldBack.contains(key)) {
          chosen = key;
          break;
        }
      }
    }
    return CompletableFuture.completedFuture(chosen);
  }

  @Override
  public boolean available() {
    return !serving.isEmpty();
  }

  @Override
  public int size() {
    return serving.size();
  }

  @Override
  public String kind() {
    return "api-key";
  }
}
