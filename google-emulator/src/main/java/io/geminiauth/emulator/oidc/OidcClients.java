package io.geminiauth.emulator.oidc;

import io.geminiauth.emulator.EmulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Internal clients of the OIDC issuer: from configuration, plus any registered by tests. */
@ApplicationScoped
public class OidcClients {
  /** A client's secret and the roles its tokens carry. */
  public record Client(String clientId, String secret, List<String> roles) {
    @Override
    public String toString() {
      return "Client[clientId=" + clientId + ", roles=" + roles + "]";
    }
  }

  private final Map<String, Client> registered = new ConcurrentHashMap<>();
  private final EmulatorConfig config;

  public OidcClients(EmulatorConfig config) {
    this.config = config;
  }

  public void register(Client client) {
    registered.put(client.clientId(), client);
  }

  /** The client, if the id is known and the secret matches (compared in constant time). */
  public Optional<Client> authenticate(String clientId, String secret) {
    if (clientId == null || secret == null) {
      return Optional.empty();
    }
    Client client = registered.get(clientId);
    if (client == null) {
      EmulatorConfig.InternalClient configured = config.oidc().clients().get(clientId);
      if (configured != null) {
        client = new Client(clientId, configured.secret(), configured.roles());
      }
    }
    return Optional.ofNullable(client)
        .filter(
            c ->
                MessageDigest.isEqual(
                    c.secret().getBytes(StandardCharsets.UTF_8),
                    secret.getBytes(StandardCharsets.UTF_8)));
  }

  public void clear() {
    registered.clear();
  }
}
