package io.geminiauth.gateway.proxy;

import io.geminiauth.gateway.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The Google API key the gateway sends upstream: configured, else {@code GOOGLE_API_KEY}, else
 * {@code GEMINI_API_KEY} (GOOGLE_API_KEY wins when both are set, as in the official SDKs).
 */
@ApplicationScoped
public class UpstreamApiKey {
  private final Optional<String> key;

  public UpstreamApiKey(GatewayConfig config) {
    this.key =
        config.upstream().apiKey().or(() -> env("GOOGLE_API_KEY")).or(() -> env("GEMINI_API_KEY"));
  }

  public Optional<String> get() {
    return key;
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
  }
}
