package io.geminiauth.common.error;

/** Finds an exception of a given type in a cause chain (frameworks wrap ours in theirs). */
public final class Causes {
  private Causes() {}

  /** The first throwable in {@code e}'s cause chain (itself included) of type {@code type}. */
  public static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /**
   * What a failed {@link java.util.concurrent.CompletionStage} failed with: the cause inside the
   * {@link java.util.concurrent.CompletionException} that dependent stages wrap it in.
   */
  public static Throwable completionCause(Throwable e) {
    return e instanceof java.util.concurrent.CompletionException && e.getCause() != null
        ? e.getCause()
        : e;
  }
}
