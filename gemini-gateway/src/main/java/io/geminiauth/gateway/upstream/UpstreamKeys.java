package io.geminiauth.gateway.upstream;

import io.geminiauth.common.fleet.Connections;
import io.geminiauth.common.fleet.SecretSealer;
import io.geminiauth.gateway.GatewayDatabase.StateChannel;
import io.geminiauth.gateway.credential.ApiKeyPool;
import io.geminiauth.gateway.credential.ApiKeyPool.KeyRecord;
import io.geminiauth.gateway.credential.ApiKeyPool.Status;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The upstreams' API keys as the fleet records them: every change (a key added, promoted, retired,
 * refused by Google on a check, accepted again) is written to {@link UpstreamKeyStore} first and
 * then read back into every pool, here at once and on the other replicas when the change feed tells
 * them. A change that cannot be written changes nothing.
 */
@Singleton
public class UpstreamKeys {
  private static final Logger LOG = Logger.getLogger(UpstreamKeys.class);
  private final UpstreamKeyStore store;
  private final Upstreams upstreams;
  private final Clock clock;

  public UpstreamKeys(
      Connections connections,
      SecretSealer sealer,
      StateChannel channel,
      Upstreams upstreams,
      Clock clock) {
    this.store = new UpstreamKeyStore(connections, sealer, channel);
    this.upstreams = upstreams;
    this.clock = clock;
  }

  // Before the first request: a restart starts from the fleet's record, not from configuration.
  void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start) {
    reload();
  }

  /** Reads the record into every pool; a failed read keeps what the pools had. */
  public synchronized void reload() {
    Map<String, List<KeyRecord>> records;
    try {
      records = store.all();
    } catch (SQLException e) {
      LOG.warnf(
          "cannot read the upstream keys' record (%s); the pools keep their keys", e.getSQLState());
      return;
    }
    for (Upstream upstream : upstreams.all()) {
      if (upstream.credentials() instanceof ApiKeyPool pool) {
        pool.sync(records.getOrDefault(upstream.name(), List.of()));
      }
    }
  }

  /** Records a verified key as a candidate of {@code upstream}; returns its name. */
  public String addCandidate(Upstream upstream, ApiKeyPool pool, String value, String by)
      throws SQLException {
    String name =
        store.addCandidate(upstream.name(), pool.configuredNames(), value, by, clock.instant());
    reload();
    return name;
  }

  /**
   * Moves key {@code name} of {@code upstream} from {@code from} (null: any state but retired) to
   * {@code to}; false when it is not in such a state.
   */
  public boolean move(
      Upstream upstream, ApiKeyPool pool, String name, Status from, Status to, String by)
      throws SQLException {
    boolean configured = pool.configuredNames().contains(name);
    if (!configured && pool.find(name).isEmpty()) {
      return false;
    }
    boolean moved =
        store.setStatus(upstream.name(), name, from, to, configured, by, clock.instant());
    reload();
    return moved;
  }
}
