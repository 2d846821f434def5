package io.geminiauth.gateway.upstream;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream's Google API keys, used in turn. A key that Google refuses for good is retired: it is
 * not offered again, and the next key serves. Keys are never shown; they are named by their
 * position in configuration ({@code key-1}, {@code key-2}, …) wherever they must be told apart.
 */
public final class ApiKeyPool {
  /** A key and the name it goes by. */
  public record Key(String name, String value) {
    @Override
    public String toString() {
      return "Key[" + name + "]";
    }
  }

  private final List<Key> active = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  public ApiKeyPool(List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).isBlank()) {
        active.add(new Key("key-" + (i + 1), values.get(i).trim()));
      }
    }
  }

  /** The next key in turn, if any is left. */
  public Optional<Key> next() {
    List<Key> keys = List.copyOf(active);
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(keys.get(Math.floorMod(next.getAndIncrement(), keys.size())));
  }

  /** Takes a refused key out of rotation; true if it was still in it. */
  public boolean retire(Key key) {
    return active.remove(key);
  }

  public int size() {
    return active.size();
  }
}
