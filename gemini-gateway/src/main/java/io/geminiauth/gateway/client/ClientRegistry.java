package io.geminiauth.gateway.client;

import io.geminiauth.common.fleet.Connections;
import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.GatewayDatabase.StateChannel;
import io.geminiauth.gateway.GatewayErrors;
import io.geminiauth.gateway.ModelPatterns;
import io.geminiauth.gateway.client.keys.IssuedClientKeys;
import io.geminiauth.gateway.client.keys.IssuedKey;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The gateway's clients: those in configuration ({@code gateway.clients.<name>}, known by the
 * SHA-256 of their keys) and those made through the admin API ({@link ClientStore}, shared by every
 * replica, re-read on every change), known by the keys the gateway issued them, or by the principal
 * of an OIDC bearer JWT from the configured issuer (quarkus-oidc) for service clients. A missing or
 * unknown key is refused exactly as Google refuses one, so SDKs and client code that look at the
 * reason keep working; a bad bearer token gets Google's 401; a disabled client gets 403.
 */
@Singleton
public class ClientRegistry {
  private static final Logger LOG = Logger.getLogger(ClientRegistry.class);
  private static final String BEARER = "Bearer ";

  private final Map<String, Client> clientsByHash;
  private final Map<String, Client> configured;
  private final ClientStore store;
  // Replaced whole on every reload: the configured clients and the enabled stored ones.
  private volatile Map<String, Client> clientsByName;
  private volatile Map<String, ClientStore.StoredClient> stored = Map.of();
  private final TenantIdentityProvider oidc;
  private final IssuedClientKeys issued;
  private final Clock clock;

  public ClientRegistry(
      GatewayConfig config,
      TenantIdentityProvider oidc,
      IssuedClientKeys issued,
      Connections connections,
      StateChannel channel,
      Clock clock) {
    this.oidc = oidc;
    this.issued = issued;
    this.clock = clock;
    this.store = new ClientStore(connections, channel);
    Map<String, String> hashes = new HashMap<>();
    Map<String, Client> clients = new HashMap<>();
    config
        .clients()
        .forEach(
            (name, settings) -> {
              clients.put(
                  name,
                  new Client(
                      name,
                      ModelPatterns.of(settings.models()),
                      settings.requestsPerMinute(),
                      settings.maxConcurrent(),
                      settings.dailyTokenBudget(),
                      settings.projectWide()));
              settings.keyHash().ifPresent(hash -> hashes.put(name, hash));
            });
    Map<String, Client> byHash = new HashMap<>();
    KeyHashes.namesByHash(hashes).forEach((hash, name) -> byHash.put(hash, clients.get(name)));
    this.clientsByHash = Map.copyOf(byHash);
    this.configured = Map.copyOf(clients);
    this.clientsByName = configured;
  }

  void start(@Observes StartupEvent start) {
    reload();
  }

  /** Re-reads the stored clients; a failed read keeps the ones known. */
  public void reload() {
    List<ClientStore.StoredClient> all;
    try {
      all = store.all();
    } catch (SQLException e) {
      LOG.warnf("cannot read the stored clients (%s); the known ones stay", e.getSQLState());
      return;
    }
    Map<String, ClientStore.StoredClient> byName = new HashMap<>();
    Map<String, Client> enabled = new HashMap<>(configured);
    for (ClientStore.StoredClient client : all) {
      if (!configured.containsKey(client.client().name())) {
        byName.put(client.client().name(), client);
        if (!client.disabled()) {
          enabled.put(client.client().name(), client.client());
        }
      }
    }
    stored = Map.copyOf(byName);
    clientsByName = Map.copyOf(enabled);
  }

  /** The store of the clients the admin API makes. */
  public ClientStore store() {
    return store;
  }

  /** A configured client, by name. */
  public Optional<Client> configured(String name) {
    return Optional.ofNullable(configured.get(name));
  }

  /** A client made through the admin API, by name, enabled or not. */
  public Optional<ClientStore.StoredClient> stored(String name) {
    return Optional.ofNullable(stored.get(name));
  }

  /** The configured clients, by name. */
  public List<Client> configuredClients() {
    return configured.values().stream().sorted(Comparator.comparing(Client::name)).toList();
  }

  /** The clients made through the admin API, enabled or not, by name. */
  public List<ClientStore.StoredClient> storedClients() {
    return stored.values().stream().sorted(Comparator.comparing(c -> c.client().name())).toList();
  }

  /** Whether a client of that name exists, configured or stored (disabled ones too). */
  public boolean exists(String name) {
    return name != null && (configured.containsKey(name) || stored.containsKey(name));
  }

  /** Whether {@code authorization} carries a bearer token (else the key decides). */
  public static boolean isBearer(String authorization) {
    return authorization != null
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
  }

  /**
   * The client an OIDC bearer token stands for: its principal must be a configured client. Fails
   * with Google's 401 for a token that is not valid, 403 for a principal that is no client here.
   */
  public CompletionStage<Client> authenticateBearer(String authorization) {
    String token = authorization.substring(BEARER.length()).trim();
    return oidc.authenticate(new AccessTokenCredential(token))
        .onFailure()
        .transform(e -> GatewayErrors.badBearer())
        .map(
            identity -> {
              return byName(identity.getPrincipal().getName());
            })
        .subscribeAsCompletionStage();
  }

  /**
   * The client a key belongs to: a configured key, or one the gateway issued that is neither
   * expired nor revoked. Google's 403 without a key, its 400 API_KEY_INVALID otherwise.
   */
  public Client authenticate(String key) {
    if (key == null || key.isBlank()) {
      throw GatewayErrors.noKey();
    }
    String hash = KeyHashes.sha256Hex(key.trim());
    Client client = clientsByHash.get(hash);
    if (client != null) {
      return client;
    }
    IssuedKey issuedKey = issued.find(hash).orElse(null);
    if (issuedKey == null || issuedKey.revoked()) {
      throw GatewayErrors.keyInvalid();
    }
    if (issuedKey.expiredAt(clock.instant())) {
      throw GatewayErrors.keyExpired();
    }
    Client owner = clientsByName.get(issuedKey.client());
    if (owner == null) {
      if (stored.containsKey(issuedKey.client())) {
        throw GatewayErrors.clientDisabled(issuedKey.client());
      }
      // The client was removed after the key was issued.
      throw GatewayErrors.keyInvalid();
    }
    return owner;
  }

  private Client byName(String name) {
    Client client = clientsByName.get(name);
    if (client != null) {
      return client;
    }
    if (stored.containsKey(name)) {
      throw GatewayErrors.clientDisabled(name);
    }
    throw GatewayErrors.notAClient(name);
  }

  /** Why {@link #authenticate} refused {@code key}, in words for the audit trail. */
  public String refusalReason(String key) {
    if (key == null || key.isBlank()) {
      return "no client key";
    }
    return issued
        .find(KeyHashes.sha256Hex(key.trim()))
        .map(
            k ->
                k.revoked()
                    ? "revoked client key " + k.id()
                    : k.expiredAt(clock.instant())
                        ? "expired client key " + k.id()
                        : stored.containsKey(k.client())
                            ? "client " + k.client() + " is disabled"
                            : "client of key " + k.id() + " is not configured")
        .orElse("unknown client key");
  }
}
