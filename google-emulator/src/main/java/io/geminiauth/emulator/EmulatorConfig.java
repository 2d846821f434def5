package io.geminiauth.emulator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The emulator's settings. Everything has a default, so it starts with no configuration. */
@ConfigMapping(prefix = "emulator")
public interface EmulatorConfig {

  /**
   * The URL clients reach the emulator at, written into key files ({@code token_uri}) and the OIDC
   * discovery document. Unset: taken from each request's own base URL.
   */
  Optional<String> publicUrl();

  /** Project that accounts are created in when the request names none. */
  @WithDefault("emulator-project")
  String defaultProject();

  /** OAuth token endpoint and access tokens. */
  OAuth oauth();

  /** The OIDC issuer for the suite's internal clients. */
  Oidc oidc();

  /** The Gemini API. */
  Gemini gemini();

  /** OAuth settings. */
  interface OAuth {
    /** Lifetime of the access tokens the emulator issues ({@code expires_in} 3599 at Google). */
    @WithDefault("3599s")
    Duration accessTokenLifetime();

    /**
     * How far a JWT's {@code iat} may lie in the future, or its {@code exp} in the past, before it
     * is refused as not "in a reasonable timeframe".
     */
    @WithDefault("60s")
    Duration allowedClockSkew();

    /** Test users the consent page approves automatically (authorization-code grant). */
    @WithDefault("user@example.com")
    List<String> testUsers();

    /** OAuth clients for user grants: client id → secret and redirect URIs. */
    Map<String, UserClient> clients();
  }

  /** An OAuth client for the authorization-code and refresh-token grants. */
  interface UserClient {
    /** The client secret. */
    String secret();

    /** Redirect URIs the consent endpoint may send the code to. */
    List<String> redirectUris();
  }

  /** OIDC issuer settings. */
  interface Oidc {
    /** Lifetime of the JWT access tokens issued to internal clients. */
    @WithDefault("300s")
    Duration tokenLifetime();

    /** Internal clients (client-credentials grant): client id → secret and roles. */
    Map<String, InternalClient> clients();
  }

  /** An internal service client of the OIDC issuer. */
  interface InternalClient {
    /** The client secret. */
    String secret();

    /** Roles written into the token's {@code groups} claim. */
    @WithDefault("service")
    List<String> roles();
  }

  /** Gemini API settings. */
  interface Gemini {
    /** Pause between two {@code data:} events of a stream. */
    @WithDefault("20ms")
    Duration streamGap();

    /** Number of chunks a streamed answer is split into. */
    @WithDefault("3")
    int streamChunks();

    /**
     * How standard ({@code AIza…}) API keys are treated: {@code ACCEPT}; {@code
     * REJECT_UNRESTRICTED} (Google from 19 June 2026: 401 for keys without restrictions); {@code
     * REJECT_ALL} (Google from September 2026: every standard key refused).
     */
    @WithDefault("REJECT_ALL")
    StandardKeyPolicy standardKeys();

    /** Google's successive policies for standard API keys. */
    enum StandardKeyPolicy {
      ACCEPT,
      REJECT_UNRESTRICTED,
      REJECT_ALL
    }

    /**
     * Auth-key values registered at start-up, e.g. for the first-run demo or for replaying recorded
     * requests that carry a fixed placeholder key.
     */
    Optional<List<String>> authKeys();
  }
}
