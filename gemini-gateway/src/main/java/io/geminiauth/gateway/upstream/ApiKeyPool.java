package io.geminiauth.gateway.upstream;

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
  private final AtomicInteger next = new AtomicInteger();

  public ApiKeyPool(List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).isBlank()) {
        active.add(new Credential.ApiKey("key-" + (i + 1), values.get(i).trim()));
      }
    }
  }

  /** The next key in turn; fails when none is left. */
  @Override
  public CompletionStage<Credential> next() {
    List<Credential.ApiKey> keys = List.copyOf(active);
    if (keys.isEmpty()) {
      return CompletableFuture.failedFuture(UpstreamFailure.credentialUnavailable());
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

  /** Takes a key out of rotation (refused by Google, or retired by an operator). */
  public boolean retire(Credential.ApiKey key) {
    return active.remove(key);
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
