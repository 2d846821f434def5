package io.geminiauth.gateway.credential;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream's Google API keys, used in turn. Keys are never shown; they are named by their
 * position in configuration ({@code key-1}, {@code key-2}, …) wherever they must be told apart.
 *
 * <p>A key that Google refused on a client's request is only held back: the refusal may have been
 * about the request (a client can make Google answer {@code API_KEY_INVALID}), so the key leaves
 * rotation only when a check of the gateway's own confirms it ({@link #reject}), and a rejected key
 * comes back when a later check passes ({@link #restore}). While a key is held back the others
 * serve; when every key is held back they all still serve, since none is known to be bad.
 */
public final class ApiKeyPool implements CredentialSource {
  // Replaced whole on every change, read without a copy on every request.
  private volatile List<Credential.ApiKey> serving;
  private final Set<Credential.ApiKey> heldBack = ConcurrentHashMap.newKeySet();
  private final List<Credential.ApiKey> rejected = new CopyOnWriteArrayList<>();
  private final List<Credential.ApiKey> candidates = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger named = new AtomicInteger();

  public ApiKeyPool(List<String> values) {
    List<Credential.ApiKey> keys = new ArrayList<>();
    for (String value : values) {
      if (!value.isBlank()) {
        keys.add(newKey(value));
      }
    }
    serving = List.copyOf(keys);
  }

  private Credential.ApiKey newKey(String value) {
    return new Credential.ApiKey("key-" + named.incrementAndGet(), value.trim());
  }

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
    /** Retired by an operator: gone from the pool (only ever the answer to the retire call). */
    RETIRED
  }

  /** A key, whether it serves, and where it stands: for the admin list. */
  public record KeyState(String name, boolean serving, Status status) {}

  /** Adds a key that does not serve until it is promoted (the rotation's first step). */
  public Credential.ApiKey addCandidate(String value) {
    Credential.ApiKey key = newKey(value);
    candidates.add(key);
    return key;
  }

  /** Puts a candidate into rotation; false if there is no such candidate. */
  public synchronized boolean promote(String name) {
    for (Credential.ApiKey key : candidates) {
      if (key.name().equals(name) && candidates.remove(key)) {
        serving = with(serving, key);
        return true;
      }
    }
    return false;
  }

  /**
   * Takes a key out of the pool for good (or drops a candidate): an operator's decision. Requests
   * that already carry it finish with it: that is the drain. False if the pool has no such key.
   */
  public synchronized boolean retire(String name) {
    List<Credential.ApiKey> kept = serving.stream().filter(k -> !k.name().equals(name)).toList();
    boolean found = kept.size() < serving.size();
    serving = kept;
    heldBack.removeIf(k -> k.name().equals(name));
    return found
        | rejected.removeIf(k -> k.name().equals(name))
        | candidates.removeIf(k -> k.name().equals(name));
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

  /**
   * The check confirmed Google's refusal: the key leaves rotation until a later check passes.
   *
   * @return the keys left serving
   */
  public synchronized int reject(Credential.ApiKey key) {
    heldBack.remove(key);
    if (serving.contains(key)) {
      serving = serving.stream().filter(k -> !k.equals(key)).toList();
      rejected.add(key);
    }
    return serving.size();
  }

  /** A later check passed: the rejected key serves again. False if it is no longer rejected. */
  public synchronized boolean restore(Credential.ApiKey key) {
    if (!rejected.remove(key)) {
      return false;
    }
    serving = with(serving, key);
    return true;
  }

  /** The keys Google refused on a check, to check again. */
  public List<Credential.ApiKey> rejected() {
    return List.copyOf(rejected);
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

  private static List<Credential.ApiKey> with(List<Credential.ApiKey> keys, Credential.ApiKey key) {
    List<Credential.ApiKey> more = new ArrayList<>(keys);
    more.add(key);
    return List.copyOf(more);
  }
}
