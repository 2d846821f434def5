package io.geminiauth.gateway.proxy;

import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.audit.GatewayAudit;
import io.geminiauth.gateway.credential.ApiKeyPool;
import io.geminiauth.gateway.credential.ApiKeyPool.Status;
import io.geminiauth.gateway.credential.Credential;
import io.geminiauth.gateway.upstream.Upstream;
import io.geminiauth.gateway.upstream.UpstreamKeys;
import io.geminiauth.gateway.upstream.Upstreams;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Decides on evidence about the key whether a Google API key leaves rotation. A refusal on a
 * client's request is not enough: what the client sent can make Google answer {@code
 * API_KEY_INVALID} (a made-up model name does on some paths), so a key is held back and checked
 * with a call of the gateway's own ({@link UpstreamCaller#verify}), and only Google's refusal of
 * that call takes it out. Keys out of rotation are checked again every {@code key-recheck-interval}
 * and serve again once Google accepts them. The last key of an upstream leaving is an ERROR and an
 * audit event with {@code keysLeft=0}, on which the audit-service raises an alert.
 */
@Singleton
public class KeyChecks {
  private static final Logger LOG = Logger.getLogger(KeyChecks.class);

  /** Who changed a key's state, in the shared record, when a check did. */
  private static final String CHECKER = "gemini-gateway key check";

  private final UpstreamCaller caller;
  private final Upstreams upstreams;
  private final UpstreamKeys keys;
  private final GatewayMetrics metrics;
  private final GatewayAudit audit;
  private final GatewayConfig.Resilience resilience;
  private final Vertx vertx;
  private long timer = -1;

  public KeyChecks(
      UpstreamCaller caller,
      Upstreams upstreams,
      UpstreamKeys keys,
      GatewayMetrics metrics,
      GatewayAudit audit,
      GatewayConfig config,
      Vertx vertx) {
    this.caller = caller;
    this.upstreams = upstreams;
    this.keys = keys;
    this.metrics = metrics;
    this.audit = audit;
    this.resilience = config.resilience();
    this.vertx = vertx;
  }

  void start(@Observes StartupEvent event) {
    timer = vertx.setPeriodic(resilience.keyRecheckInterval().toMillis(), id -> recheckRejected());
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * Google refused {@code key} of {@code upstream} on a client's request with {@code status} and
   * {@code reason}: holds it back and checks it, unless a check already runs.
   */
  void refusedOnRequest(
      Upstream upstream, ApiKeyPool pool, Credential.ApiKey key, int status, String reason) {
    if (!pool.holdBack(key)) {
      return;
    }
    caller
        .verify(upstream, key)
        .whenComplete(
            (accepted, failure) -> {
              if (failure == null && !accepted) {
                // The record is a database: written off the event loop.
                vertx.executeBlocking(
                    () -> {
                      reject(upstream, pool, key, status, reason);
                      return null;
                    },
                    false);
                return;
              }
              // Accepted, or Google could not be asked: nothing is known against the key.
              pool.clear(key);
              boolean kept = failure == null;
              metrics.keyChecked(upstream.name(), kept ? "kept" : "inconclusive");
              LOG.warnf(
                  kept
                      ? "upstream %s: Google refused %s on a client's request (%d %s) but accepted"
                          + " it on the gateway's own check; it stays in rotation"
                      : "upstream %s: could not check %s after Google refused it (%d %s); it"
                          + " serves on",
                  upstream.name(),
                  key.name(),
                  status,
                  reason);
            });
  }

  private void reject(
      Upstream upstream, ApiKeyPool pool, Credential.ApiKey key, int status, String reason) {
    try {
      keys.move(upstream, pool, key.name(), Status.SERVING, Status.REFUSED_BY_GOOGLE, CHECKER);
    } catch (SQLException e) {
      // Held back it stays: not offered while another key serves, here; the next refusal or
      // check tries to record it again.
      LOG.errorf(
          "upstream %s: Google refused %s (%d %s) on the gateway's own check, but the shared key"
              + " record could not be written (%s); it stays held back on this replica",
          upstream.name(), key.name(), status, reason, e.getSQLState());
      return;
    }
    int left = pool.size();
    metrics.keyChecked(upstream.name(), "rejected");
    metrics.keyRetired(upstream.name());
    if (left == 0) {
      LOG.errorf(
          "upstream %s: Google refused %s (%d %s), also on the gateway's own check; it was the"
              + " upstream's last key: the upstream serves nothing until a key is added or this"
              + " one passes a check again (every %s)",
          upstream.name(), key.name(), status, reason, resilience.keyRecheckInterval());
    } else {
      LOG.errorf(
          "upstream %s: Google refused %s (%d %s), also on the gateway's own check; it is out of"
              + " rotation, %d key(s) left",
          upstream.name(), key.name(), status, reason, left);
    }
    audit.upstreamKeyRejected(upstream.name(), key.name(), status, reason, left);
  }

  private boolean restore(Upstream upstream, ApiKeyPool pool, Credential.ApiKey key) {
    try {
      return keys.move(
          upstream, pool, key.name(), Status.REFUSED_BY_GOOGLE, Status.SERVING, CHECKER);
    } catch (SQLException e) {
      LOG.warnf(
          "upstream %s: Google accepts %s again, but the shared key record could not be written"
              + " (%s); the next check tries again",
          upstream.name(), key.name(), e.getSQLState());
      return false;
    }
  }

  /** Checks every key out of rotation again; one that Google accepts serves again. */
  void recheckRejected() {
    for (Upstream upstream : upstreams.all()) {
      if (upstream.credentials() instanceof ApiKeyPool pool) {
        for (Credential.ApiKey key : pool.rejected()) {
          caller
              .verify(upstream, key)
              .whenComplete(
                  (accepted, failure) -> {
                    if (failure == null && accepted) {
                      vertx.executeBlocking(
                          () -> {
                            if (restore(upstream, pool, key)) {
                              metrics.keyChecked(upstream.name(), "restored");
                              LOG.infof(
                                  "upstream %s: Google accepts %s again; it is back in rotation",
                                  upstream.name(), key.name());
                              audit.upstreamKeyRestored(upstream.name(), key.name(), pool.size());
                            }
                            return null;
                          },
                          false);
                    }
                  });
        }
      }
    }
  }
}
