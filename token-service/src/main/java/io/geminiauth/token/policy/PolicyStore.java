package io.geminiauth.token.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.token.TokenConfig;
import io.geminiauth.token.audit.TokenAudit;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The caller policy, read from its JSON file and re-read when the file changes. A file that does
 * not parse is refused and the policy in force stays; with no file at all nobody gets anything.
 */
@ApplicationScoped
public class PolicyStore {
  private static final Logger LOG = Logger.getLogger(PolicyStore.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Optional<Path> file;
  private final TokenAudit audit;
  private volatile CallerPolicy policy = CallerPolicy.denyAll();
  private byte[] loadedBytes;
  private byte[] refusedBytes;

  public PolicyStore(TokenConfig config, TokenAudit audit) {
    this.file = config.callers().policyFile();
    this.audit = audit;
  }

  void start(@Observes StartupEvent start) {
    if (file.isEmpty()) {
      LOG.warn("token.callers.policy-file is not set: every token request is denied");
    }
    reload();
  }

  public CallerPolicy current() {
    return policy;
  }

  @Scheduled(
      every = "${token.callers.policy-poll:5s}",
      delayed = "${token.callers.policy-poll:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    reload();
  }

  /** Re-reads the file if its content changed; returns whether the policy in force changed. */
  public synchronized boolean reload() {
    if (file.isEmpty()) {
      return false;
    }
    Path path = file.get();
    try {
      // Compared by content: modification times are too coarse for quick successive edits.
      byte[] bytes = Files.readAllBytes(path);
      if (Arrays.equals(bytes, loadedBytes)) {
        return false;
      }
      if (Arrays.equals(bytes, refusedBytes)) {
        return false; // refused already: said once, not at every poll
      }
      CallerPolicy read;
      try {
        read = JSON.readValue(bytes, CallerPolicy.class);
      } catch (IOException e) {
        refusedBytes = bytes;
        // Jackson's messages can quote the file; the location is enough.
        LOG.errorf(
            "caller policy %s refused (%s); the policy in force stays",
            path, e.getClass().getSimpleName());
        audit.policyRefused(path.toString(), e.getClass().getSimpleName());
        return false;
      }
      policy = read;
      loadedBytes = bytes;
      refusedBytes = null;
      LOG.infof(
          "caller policy loaded from %s: %d callers, %d admins",
          path, read.callers().size(), read.admins().size());
      audit.policyLoaded(
          path.toString(), KeyHashes.sha256Hex(bytes), read.callers().size(), read.admins().size());
      return true;
    } catch (IOException e) {
      LOG.errorf(
          "caller policy %s cannot be read (%s); the policy in force stays",
          path, e.getClass().getSimpleName());
      return false;
    }
  }
}
