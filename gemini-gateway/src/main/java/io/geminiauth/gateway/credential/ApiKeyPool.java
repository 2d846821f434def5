package io.geminiauth.gateway.credential;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream's Google API keys, used in turn. A key that Google refuses for good is retired: it is
 * not offered again, and the next key serves. Keys are never shown; they are named by their
 * position in configuration ({@code key-1}, {@code key-2}, …) wherever they must be told apart.
 */
public final class ApiKeyPool implements CredentialSource {
  private final List<Credential.ApiKey> active = new CopyOnWriteArrayList<>();
  private final List<Credential.ApiKey> candidates = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger named = new AtomicInteger();

  public ApiKeyPool(List<String> values) {
    for (String value : values) {
      if (!value.isBlank()) {
        active.add(newKey(value));
      }
    }
  }

  private Credential.ApiKey newKey(String value) {
    return new Credential.ApiKey("key-" + named.incrementAndGet(), value.trim());
  }

  /** A key and whether it serves: for the admin list. */
  public record KeyState(String name, boolean serving) {}

  /** Adds a key that does not serve until it is promoted (the rotation's first step). */
  public Credential.ApiKey addCandidate(String value) {
    Credential.ApiKey key = newKey(value);
    candidates.add(key);
    return key;
  }

  /** Puts a candidate into rotation; false if there is no such candidate. */
  public boolean promote(String name) {
    for (Credential.ApiKey key : candidates) {
      if (key.name().equals(name) && candidates.remove(key)) {
        active.add(key);
        return true;
      }
    }
    return false;
  }

  /**
   * Takes a key out of rotation (or drops a candidate). Requests that already carry it finish with
   * it: that is the drain. False if the pool has no key of that name.
   */
  public boolean retire(String name) {
    return active.removeIf(k -> k.name().equals(name))
        | candidates.removeIf(k -> k.name().equals(name));
  }

  /** The keys, by name, serving ones first. */
  public List<KeyState> states() {
    List<KeyState> states = new java.util.ArrayList<>();
    active.forEach(k -> states.add(new KeyState(k.name(), true)));
    candidates.forEach(k -> states.add(new KeyState(k.name(), false)));
    return states;
  }

  /** The next key in turn; fails when none is left. */
  @Override
  public CompletionStage<Credential> next() {
    List<Credential.ApiKey> keys = List.copyOf(active);
    if (keys.isEmpty()) {
      return CompletableFuture.failedFuture(
          new NoCredentialException("no Google API key left in rotation"));
    }
    return CompletableFuture.completedFuture(
        keys.get(Math.floorMod(next.getAndIncrement(), keys.size())));
  }

  /** Takes a refused key out of rotation; another is worth a try if any is left. */
  @Override
  public boolean refused(Credential credential) {
    active.remove(credential);
    return !active.isEmpty();
  }

  @Override
  public boolean available() {
    return !active.isEmpty();
  }

  @Override
  public int size() {
    return active.size();
  }

  @Override
  public String kind() {
    return "api-key";
  }
}
