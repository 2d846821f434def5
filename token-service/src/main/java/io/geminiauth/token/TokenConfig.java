package io.geminiauth.token;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The token-service's settings. Durations are ISO-8601 or {@code 30s}, {@code 5m} style. */
@ConfigMapping(prefix = "token")
public interface TokenConfig {

  /** Where credentials come from. */
  Credentials credentials();

  /** Cache margins and size. */
  Cache cache();

  /** Calls to Google's token endpoint, IAM and STS. */
  Upstream upstream();

  /** The GCE metadata-server protocol (sidecar mode). */
  Metadata metadata();

  /** Who may call, and the policy file that says what each caller may have. */
  Callers callers();

  /** Shipping auth events to the audit-service. */
  Audit audit();

  /** State shared by every replica (with the {@code postgresql} profile). */
  Fleet fleet();

  /** The name this instance gives itself in audit events. */
  @WithDefault("token-service-1")
  String instance();

  /**
   * Admin decisions (keys added or rotated, credentials disabled, enabled, revoked) are kept in the
   * shared database and reach every replica through its change feed.
   */
  interface Fleet {
    /**
     * The AES-256 key (base64 of 32 bytes, from a secret) that seals the private keys the admin API
     * adds or rotates before they are stored in the shared database. Required with PostgreSQL.
     */
    Optional<String> sealingKey();

    /** How often a replica re-reads the decisions, in case it missed a notice. */
    @WithDefault("5s")
    Duration reconcile();
  }

  /** Sources of service-account credentials. */
  interface Credentials {
    /** One key file in Google's JSON format. */
    Optional<Path> keyFile();

    /**
     * A directory of mounted key files (one {@code *.json} per account), re-read every {@link
     * #directoryPoll()} so that added or replaced files are picked up.
     */
    Optional<Path> keyDirectory();

    /** How often the key directory is re-read. */
    @WithDefault("10s")
    Duration directoryPoll();

    /**
     * The name of an environment variable that holds a key file's JSON (for platforms that inject
     * secrets as variables).
     */
    Optional<String> keyJsonEnv();

    /** Whether {@code GOOGLE_APPLICATION_CREDENTIALS} is read as one more key file. */
    @WithDefault("true")
    boolean useApplicationDefault();

    /** Keyless credentials: a target account reached through IAM generateAccessToken. */
    Map<String, Impersonated> impersonated();

    /** Workload identity federation: an external OIDC token exchanged at STS. */
    Map<String, Federated> federated();

    /** A key older than this raises a warning (metric and audit event). */
    @WithDefault("90d")
    Duration keyAgeWarning();

    /** How often keys are checked for their age. */
    @WithDefault("1h")
    Duration keyAgeCheck();

    /** When, after start, keys are first checked for their age. */
    @WithDefault("1m")
    Duration keyAgeCheckDelay();
  }

  /** A target account whose tokens are minted with another credential's token. */
  interface Impersonated {
    /** The account to impersonate. */
    String targetAccount();

    /** The configured account whose token calls IAM (needs Token Creator on the chain's head). */
    String sourceAccount();

    /** The delegate chain, in order, each holding Token Creator on the next. */
    Optional<List<String>> delegates();
  }

  /** A federated workload identity. */
  interface Federated {
    /** The workload identity provider's full audience, {@code //iam.googleapis.com/...}. */
    String audience();

    /** The file holding the external token (e.g. a projected Kubernetes token). */
    Path subjectTokenFile();

    /** The external token's type. */
    @WithDefault("urn:ietf:params:oauth:token-type:jwt")
    String subjectTokenType();

    /**
     * The account to impersonate with the federated token; without it the federated token itself is
     * handed out and the credential is named by its key in the map.
     */
    Optional<String> impersonate();
  }

  /** Token cache margins. */
  interface Cache {
    /**
     * A token with less than this left is never handed out. Client libraries refresh at 3m45s
     * before expiry (Node at 5m): a token closer to expiry than that makes them loop.
     */
    @WithDefault("5m")
    Duration minRemaining();

    /** From this much before expiry a token is stale: one background refresh starts. */
    @WithDefault("15m")
    Duration refreshAhead();

    /** The most tokens kept (least recently used go first). */
    @WithDefault("10000")
    int maxEntries();
  }

  /** Calls to Google. */
  interface Upstream {
    /** Google's OAuth token endpoint, also the JWT audience whatever token_uri says. */
    @WithDefault("https://oauth2.googleapis.com/token")
    URI tokenAudience();

    /** The IAM Credentials API. */
    @WithDefault("https://iamcredentials.googleapis.com")
    URI iamCredentials();

    /** The IAM API, where a key's metadata says when Google made it ({@code validAfterTime}). */
    @WithDefault("https://iam.googleapis.com")
    URI iam();

    /** The STS token endpoint. */
    @WithDefault("https://sts.googleapis.com/v1/token")
    URI sts();

    /** Connect timeout. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Read timeout of one call. */
    @WithDefault("10s")
    Duration readTimeout();

    /** Retries of one mint (408, 429, 5xx, network, retryable OAuth errors). */
    @WithDefault("3")
    int maxRetries();

    /** The first retry delay; it doubles up to {@link #retryMaxDelay()}, with full jitter. */
    @WithDefault("250ms")
    Duration retryDelay();

    /** The longest delay between two attempts of one mint. */
    @WithDefault("4s")
    Duration retryMaxDelay();

    /**
     * After a mint failed, the next attempt for the same token waits this long, doubling on each
     * further failure up to {@link #cooldownMax()}: an outage meets one attempt per step.
     */
    @WithDefault("1s")
    Duration cooldown();

    /** The longest wait between two failed mints of one token. */
    @WithDefault("60s")
    Duration cooldownMax();

    /** Circuit breaker per endpoint: the window of calls it looks at. */
    @WithDefault("10")
    int breakerVolume();

    /** The failure ratio that opens it. */
    @WithDefault("0.5")
    double breakerRatio();

    /** How long it stays open. */
    @WithDefault("30s")
    Duration breakerDelay();
  }

  /** The metadata-server endpoint. */
  interface Metadata {
    /** Whether the metadata server runs. */
    @WithDefault("true")
    boolean enabled();

    /** Its bind address: loopback, so only the workload beside it (the pod) can reach it. */
    @WithDefault("127.0.0.1")
    String host();

    /** Its port ({@code GCE_METADATA_HOST=127.0.0.1:<port>}); 0 picks a free one. */
    @WithDefault("8181")
    int port();

    /** The account served as {@code default}; without it only accounts named by email work. */
    Optional<String> defaultAccount();

    /** The accounts it may serve (the default is always among them). */
    Optional<List<String>> accounts();

    /** The scopes a token gets when the client names none. */
    @WithDefault("https://www.googleapis.com/auth/cloud-platform")
    List<String> defaultScopes();

    /** The project id answered at {@code project/project-id}; the default account's otherwise. */
    Optional<String> projectId();

    /** The universe domain. */
    @WithDefault("googleapis.com")
    String universeDomain();
  }

  /** Callers. */
  interface Callers {
    /**
     * Static client keys by caller name, each as the SHA-256 (hex) of the key sent in {@value
     * io.geminiauth.token.rest.CallerFilter#KEY_HEADER}.
     */
    @WithName("key-hashes")
    Map<String, String> keyHashes();

    /** The policy file: which caller may have which accounts and scopes; deny by default. */
    Optional<Path> policyFile();

    /** How often the policy file is checked for changes. */
    @WithDefault("5s")
    Duration policyPoll();
  }

  /** Audit shipping. */
  interface Audit {
    /** The audit-service's events endpoint; without it events are only counted. */
    Optional<URI> url();

    /** The producer key sent in x-audit-key. */
    Optional<String> key();

    /** The outbox directory. */
    @WithDefault("./token-outbox")
    Path outboxDirectory();

    /**
     * What a full outbox does: {@code unready} (nothing dropped; the service reports unready),
     * {@code block} or {@code drop-oldest}.
     */
    @WithDefault("unready")
    io.geminiauth.common.outbox.OutboxSettings.OverflowPolicy overflow();
  }
}
