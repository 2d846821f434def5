package io.geminiauth.gateway.fleet;

import io.geminiauth.common.fleet.ChangeFeed;
import io.geminiauth.common.fleet.Connections;
import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.GatewayDatabase.StateChannel;
import io.geminiauth.gateway.client.ClientRegistry;
import io.geminiauth.gateway.client.keys.IssuedClientKeys;
import io.geminiauth.gateway.upstream.UpstreamKeys;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Brings other replicas' changes here: with PostgreSQL, the change feed re-reads the upstream keys,
 * the clients and the issued client keys on every notice (within milliseconds) and every {@code
 * gateway.fleet.reconcile}. An embedded database has one replica, which says so at start.
 */
@Singleton
public class StateFeed {
  private static final Logger LOG = Logger.getLogger(StateFeed.class);
  private final StateChannel channel;
  private final Connections connections;
  private final GatewayConfig config;
  private final UpstreamKeys upstreamKeys;
  private final ClientRegistry clients;
  private final IssuedClientKeys clientKeys;
  private ChangeFeed feed;

  public StateFeed(
      StateChannel channel,
      Connections connections,
      GatewayConfig config,
      UpstreamKeys upstreamKeys,
      ClientRegistry clients,
      IssuedClientKeys clientKeys) {
    this.channel = channel;
    this.connections = connections;
    this.config = config;
    this.upstreamKeys = upstreamKeys;
    this.clients = clients;
    this.clientKeys = clientKeys;
  }

  void start(@Observes StartupEvent start) {
    if (!channel.shared()) {
      LOG.info(
          "single instance: upstream keys, clients and client keys are kept in the embedded"
              + " database; run more than one replica with the postgresql profile");
      return;
    }
    LOG.info("fleet: upstream keys, clients and client keys are shared through PostgreSQL");
    feed =
        ChangeFeed.start(StateChannel.NAME, connections, config.fleet().reconcile(), this::reload);
  }

  void stop(@Observes ShutdownEvent stop) {
    if (feed != null) {
      feed.close();
    }
  }

  private void reload() {
    upstreamKeys.reload();
    clients.reload();
    clientKeys.reload();
  }
}
