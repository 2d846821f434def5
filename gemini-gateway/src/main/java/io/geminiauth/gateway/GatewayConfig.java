package io.geminiauth.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The gateway's settings. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

  /** Who may call, by client name. */
  Map<String, ClientSettings> clients();

  /**
   * Where requests go, by upstream name. Without any, one upstream named {@code gemini} serves
   * every model from the Gemini API with {@code GOOGLE_API_KEY}, else {@code GEMINI_API_KEY}.
   */
  Map<String, UpstreamSettings> upstreams();

  /** Timeouts, retries, breakers and bulkheads towards the upstreams. */
  Resilience resilience();

  /** Request limits. */
  Limits limits();

  /** Shipping auth events to the audit-service. */
  Audit audit();

  /** The token-service, for upstreams whose credential is a service account's token. */
  TokenService tokenService();

  /** Who may use the admin API. */
  Admin admin();

  /** Client keys the gateway issues through its admin API. */
  ClientKeys clientKeys();

  /** The name this instance gives itself in audit events. */
  @WithDefault("gemini-gateway-1")
  String instance();

  /**
   * Where the embedded H2 store of issued client keys lives (first run; PostgreSQL in production).
   */
  @WithDefault("./gateway-data/gateway")
  String h2Path();

  /** One client of the gateway. */
  /** State shared by every replica: upstream keys and clients set through the admin API. */
  Fleet fleet();

  /** What replicas share, and how they hear of changes. */
  interface Fleet {
    /**
     * The AES-256 key (base64 of 32 bytes, from a secret) that seals the Google API keys added
     * through the admin API before they are stored. Required with PostgreSQL; without it an
     * embedded first run makes one at start, so added keys do not outlive the process.
     */
    Optional<String> sealingKey();

    /** How often a replica re-reads the shared state, in case it missed a notice. */
    @WithDefault("5s")
    java.time.Duration reconcile();
  }

  interface ClientSettings {
    /**
     * SHA-256 (hex) of the client's key, which it sends in {@code x-goog-api-key} (what the SDKs
     * send) or {@code ?key=}.
     */
    Optional<String> keyHash();

    /**
     * Models the client may call: names such as {@code gemini-2.5-flash}, or prefixes ending in
     * {@code *} ({@code gemini-2.5-*}); {@code *} is every model.
     */
    @WithDefault("*")
    List<String> models();

    /** Requests the client may start per rolling minute (429 RESOURCE_EXHAUSTED beyond). */
    @WithDefault("600")
    int requestsPerMinute();

    /** Requests the client may have in flight at once, streams included. */
    @WithDefault("32")
    int maxConcurrent();

    /**
     * Tokens (Google's {@code totalTokenCount}, streams and cancelled streams included) the client
     * may use per day (UTC); once used up, requests get 429 until midnight. 0: no budget.
     */
    @WithDefault("0")
    long dailyTokenBudget();

    /**
     * Whether the client may call every path of the upstreams' projects (tuned models, other Vertex
     * AI services) and use every file, cached content and batch in them. Without it a client gets
     * the Gemini API's calls and the resources it made itself.
     */
    @WithDefault("false")
    boolean projectWide();
  }

  /** One upstream: a Gemini API project (or key set) that can serve some models. */
  interface UpstreamSettings {
    /**
     * The API's base URL: by default {@code https://generativelanguage.googleapis.com} for the
     * Gemini API, {@code https://{location}-aiplatform.googleapis.com} for Vertex AI.
     */
    Optional<URI> baseUrl();

    /** Which API the upstream is: the Gemini API ({@code gemini}) or Vertex AI ({@code vertex}). */
    @WithDefault("gemini")
    ApiKind api();

    /** For Vertex AI: the Google Cloud project. */
    Optional<String> project();

    /** For Vertex AI: the location (region). */
    @WithDefault("us-central1")
    String location();

    /**
     * For Vertex AI: also serve Gemini API generate, stream and count-tokens calls, sent to the
     * project's publisher model (clients keep calling {@code /v1beta/models/…}).
     */
    @WithDefault("true")
    boolean translateGeminiPaths();

    /** What the upstream is called with: Google API keys, or tokens from the token-service. */
    @WithDefault("api-key")
    CredentialKind credential();

    /** For {@code token-service}: the service account whose tokens are sent. */
    Optional<String> serviceAccount();

    /** For {@code token-service}: the OAuth scopes of those tokens. */
    @WithDefault("https://www.googleapis.com/auth/generative-language")
    List<String> scopes();

    /**
     * Google API keys sent in {@code x-goog-api-key}, used in turn; a key Google rejects for good
     * (invalid, expired, blocked, refused for its type) is taken out of rotation.
     */
    Optional<List<String>> apiKeys();

    /** Lower serves first; upstreams of equal priority share the load round robin. */
    @WithDefault("0")
    int priority();

    /** The models this upstream serves, as in {@link ClientSettings#models()}. */
    @WithDefault("*")
    List<String> models();

    /** Requests in flight to this upstream at once; more wait in its queue. */
    @WithDefault("64")
    int maxConcurrent();

    /** Requests that may wait for this upstream's bulkhead; beyond, the next upstream serves. */
    @WithDefault("64")
    int queueSize();
  }

  /** The two APIs that serve Gemini models. */
  enum ApiKind {
    GEMINI,
    VERTEX
  }

  /** Kinds of upstream credential. */
  enum CredentialKind {
    API_KEY,
    TOKEN_SERVICE
  }

  /** The token-service and how the gateway authenticates to it. */
  interface TokenService {
    /**
     * The token-service's base URL ({@code quarkus.rest-client.token-service.url} follows it). The
     * gateway authenticates with an OIDC client-credentials token when {@code
     * quarkus.oidc-client.*} configures a client, else with {@link #key()}.
     */
    @WithDefault("http://127.0.0.1:8081")
    URI url();

    /** The gateway's static key for the token-service, sent in {@code x-token-service-key}. */
    Optional<String> key();

    /**
     * A token is used until this long before it expires, then a new one is fetched. The
     * token-service never hands out one with less than 5 minutes left.
     */
    @WithDefault("60s")
    Duration refreshMargin();

    /**
     * From this long before a token expires it is still used, while one background request asks the
     * token-service for a new one. Shorter than the token-service's own refresh-ahead (15m), so
     * that the token-service has refreshed by then.
     */
    @WithDefault("10m")
    Duration refreshAhead();

    /**
     * After a failed request to the token-service the next waits this long, doubling per failure up
     * to {@link #cooldownMax()}: an outage meets one request per step, not one per client call.
     */
    @WithDefault("1s")
    Duration cooldown();

    /** The longest wait between two requests to a failing token-service. */
    @WithDefault("30s")
    Duration cooldownMax();
  }

  /** How the gateway survives upstream trouble. */
  interface Resilience {
    /** Connect timeout to an upstream. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest wait for an upstream's response headers. */
    @WithDefault("120s")
    Duration firstByteTimeout();

    /** Longest silence between two parts of a response body, e.g. two stream events. */
    @WithDefault("60s")
    Duration idleTimeout();

    /** Longest a non-streaming call may take in all, retries included. */
    @WithDefault("600s")
    Duration totalTimeout();

    /** Attempts per request, failovers and retries included (1: never retry). */
    @WithDefault("3")
    int maxAttempts();

    /** First backoff before retrying the same upstreams; doubles each time, with full jitter. */
    @WithDefault("500ms")
    Duration initialBackoff();

    /** Longest backoff. */
    @WithDefault("8s")
    Duration maxBackoff();

    /**
     * Longest wait the gateway accepts from an upstream's RetryInfo or Retry-After; beyond it the
     * client gets the upstream's answer and decides itself.
     */
    @WithDefault("10s")
    Duration maxServerDelay();

    /** Retries allowed as a share of requests over {@link #budgetWindow()}. */
    @WithDefault("0.2")
    double retryBudgetRatio();

    /** Retries always allowed per second, so that a quiet gateway can still retry. */
    @WithDefault("5")
    int retryBudgetMinPerSecond();

    /** The window over which the retry budget is counted. */
    @WithDefault("10s")
    Duration budgetWindow();

    /** Requests in a breaker's rolling window. */
    @WithDefault("20")
    int breakerVolume();

    /** Share of failures in the window that opens the breaker. */
    @WithDefault("0.5")
    double breakerRatio();

    /** How long an open breaker stays open before one trial request. */
    @WithDefault("30s")
    Duration breakerDelay();

    /**
     * How often a Google API key that Google refused on the gateway's own check is checked again;
     * it serves again once a check passes (re-enabled, its restriction lifted).
     */
    @WithDefault("5m")
    Duration keyRecheckInterval();
  }

  /** The admin API's static keys (OIDC admins need the role gateway-admin instead). */
  interface Admin {
    /** Admin keys by admin name, as SHA-256 hex of the key sent in x-gateway-admin-key. */
    Map<String, String> keyHashes();
  }

  /** Issued client keys. */
  interface ClientKeys {
    /** How often the shared table is re-read (issuing and revoking on other replicas). */
    @WithDefault("5s")
    Duration refresh();

    /** The lifetime of a key issued without a ttl; without it keys do not expire. */
    Optional<Duration> defaultTtl();
  }

  /** Audit shipping. */
  interface Audit {
    /** The audit-service's events endpoint; without it events are only counted. */
    Optional<URI> url();

    /** The producer key sent in x-audit-key. */
    Optional<String> key();

    /** The outbox directory; it must survive the process (a volume in Kubernetes). */
    @WithDefault("./gateway-outbox")
    Path outboxDirectory();

    /**
     * What a full outbox does: {@code unready} (nothing dropped; the service reports unready),
     * {@code block} or {@code drop-oldest}.
     */
    @WithDefault("unready")
    io.geminiauth.common.outbox.OutboxSettings.OverflowPolicy overflow();
  }

  /** Limits. */
  interface Limits {
    /** The largest request body relayed (413 beyond). */
    @WithDefault("20971520")
    long maxBodyBytes();

    /**
     * Where the clients' requests per minute, concurrent requests and daily tokens are counted:
     * {@code local} (this replica alone) or {@code redis} (shared by every replica, at {@code
     * gateway.limits.redis-url}).
     */
    @WithDefault("local")
    Store store();

    /**
     * The Redis the replicas share ({@code redis://[:password@]host:port[/db]}, {@code rediss://}
     * for TLS); a password belongs in a secret ({@code GATEWAY_LIMITS_REDIS_URL}).
     */
    @WithDefault("redis://127.0.0.1:6379")
    URI redisUrl();

    /**
     * What a replica does while Redis cannot be reached: {@code open} counts on its own, as a
     * single instance does (a client may get up to its limits once per replica), {@code closed}
     * refuses with 503 and Retry-After.
     */
    @WithDefault("open")
    RedisDown redisDown();

    /** How often a replica shares its in-flight requests and tokens used with the others. */
    @WithDefault("200ms")
    Duration shareInterval();

    /** How long a call to Redis may take before Redis counts as down for that call. */
    @WithDefault("250ms")
    Duration redisTimeout();

    enum Store {
      LOCAL,
      REDIS
    }

    enum RedisDown {
      OPEN,
      CLOSED
    }
  }
}
