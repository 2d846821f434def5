package io.geminiauth.common.token;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads mints run on. Mints block on HTTP, so they never run on the event loop; the threads
 * are named for thread dumps and stopped with the service.
 */
@Singleton
public class MintExecutor implements Executor {
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "token-mint");
            t.setDaemon(true);
            return t;
          });

  @Override
  public void execute(Runnable mint) {
    threads.execute(mint);
  }

  @PreDestroy
  void stop() {
    threads.shutdownNow();
  }
}
