package io.geminiauth.gateway.proxy;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The event loop of one client request. What an exchange does after a callback from elsewhere (a
 * mint thread, a queued bulkhead task) runs back on it, so that the exchange's state has one
 * thread.
 */
final class RequestLoop {
  private final Context context;

  RequestLoop(Context context) {
    this.context = context;
  }

  /** Runs {@code work} on the loop: at once when already there. */
  void run(Runnable work) {
    if (Vertx.currentContext() == context) {
      work.run();
    } else {
      context.runOnContext(v -> work.run());
    }
  }

  /** Starts {@code work} on the loop and passes on its outcome. */
  <T> CompletionStage<T> supply(Supplier<CompletionStage<T>> work) {
    if (Vertx.currentContext() == context) {
      return work.get();
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(
        v ->
            work.get()
                .whenComplete(
                    (value, failure) -> {
                      if (failure != null) {
                        result.completeExceptionally(failure);
                      } else {
                        result.complete(value);
                      }
                    }));
    return result;
  }
}
