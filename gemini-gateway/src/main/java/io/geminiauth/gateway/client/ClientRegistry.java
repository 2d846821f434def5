package io.geminiauth.gateway.client;

import io.geminiauth.common.error.ErrorDetail;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.redact.KeyHashes;
import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.ModelPatterns;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * The gateway's clients, known by the SHA-256 of their keys. A missing or unknown key is refused
 * exactly as Google refuses one, so SDKs and client code that look at the reason keep working.
 */
@ApplicationScoped
public class ClientRegistry {
  static final String SERVICE = "generativelanguage.googleapis.com";
  static final String KEY_INVALID = "API key not valid. Please pass a valid API key.";
  static final String NO_KEY =
      "Method doesn't allow unregistered callers (callers without established identity). Please"
          + " use API Key or other form of API consumer identity to call this API.";

  private final Map<String, Client> clientsByHash;

  public ClientRegistry(GatewayConfig config) {
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
                      settings.maxConcurrent()));
              settings.keyHash().ifPresent(hash -> hashes.put(name, hash));
            });
    Map<String, Client> byHash = new HashMap<>();
    KeyHashes.namesByHash(hashes).forEach((hash, name) -> byHash.put(hash, clients.get(name)));
    this.clientsByHash = Map.copyOf(byHash);
  }

  /** The client a key belongs to; Google's 403 without a key, its 400 API_KEY_INVALID otherwise. */
  public Client authenticate(String key) {
    if (key == null || key.isBlank()) {
      throw new GoogleApiException(GoogleError.permissionDenied(NO_KEY));
    }
    Client client = clientsByHash.get(KeyHashes.sha256Hex(key.trim()));
    if (client == null) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(KEY_INVALID)
              .withReason("API_KEY_INVALID", "googleapis.com", Map.of("service", SERVICE))
              .withDetail(new ErrorDetail.LocalizedMessage("en-US", KEY_INVALID)));
    }
    return client;
  }
}
