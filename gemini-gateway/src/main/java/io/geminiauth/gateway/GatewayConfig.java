package io.geminiauth.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** The gateway's settings. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

  /** Who may call. */
  Clients clients();

  /** Where requests go. */
  Upstream upstream();

  /** Request limits. */
  Limits limits();

  /** Clients. */
  interface Clients {
    /**
     * Client keys by client name, each as the SHA-256 (hex) of the key the client sends in {@code
     * x-goog-api-key} (what the SDKs send) or {@code ?key=}.
     */
    Map<String, String> keyHashes();
  }

  /** The Gemini API upstream. */
  interface Upstream {
    /** The Gemini API's base URL. */
    @WithDefault("https://generativelanguage.googleapis.com")
    URI baseUrl();

    /**
     * The Google API key sent upstream in {@code x-goog-api-key}. Without it the environment's
     * {@code GOOGLE_API_KEY}, else {@code GEMINI_API_KEY}, is used, as the official SDKs do.
     */
    Optional<String> apiKey();

    /** Connect timeout to the upstream. */
    @WithDefault("5000")
    int connectTimeoutMillis();

    /** Longest wait for the upstream's response headers (the first byte). */
    @WithDefault("60000")
    int firstByteTimeoutMillis();
  }

  /** Limits. */
  interface Limits {
    /** The largest request body relayed (413 beyond). */
    @WithDefault("20971520")
    long maxBodyBytes();
  }
}
