package io.geminiauth.gateway.admin;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleStatus;
import io.geminiauth.gateway.audit.GatewayAudit;
import io.geminiauth.gateway.credential.ApiKeyPool;
import io.geminiauth.gateway.credential.Credential;
import io.geminiauth.gateway.proxy.UpstreamCaller;
import io.geminiauth.gateway.upstream.Upstream;
import io.geminiauth.gateway.upstream.UpstreamKeys;
import io.geminiauth.gateway.upstream.Upstreams;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Rotates an upstream's Google API keys without downtime, following the leak-response checklist:
 * add the new key (it does not serve yet), verify it with a cheap call, promote it into rotation,
 * then retire the old one (requests that carry it finish with it). Each step is audited and
 * recorded for the fleet ({@link UpstreamKeys}): every replica serves the same keys, and a restart
 * keeps them. A step the record cannot take answers 503 and changes nothing.
 */
@Singleton
public class UpstreamKeyAdmin {
  private final Upstreams upstreams;
  private final UpstreamKeys keys;
  private final UpstreamCaller caller;
  private final GatewayAudit audit;
  private final Vertx vertx;

  public UpstreamKeyAdmin(
      Upstreams upstreams,
      UpstreamKeys keys,
      UpstreamCaller caller,
      GatewayAudit audit,
      Vertx vertx) {
    this.upstreams = upstreams;
    this.keys = keys;
    this.vertx = vertx;
    this.caller = caller;
    this.audit = audit;
  }

  /** An upstream as the admin API shows it: never a key's value. */
  public record UpstreamView(
      String name,
      String baseUrl,
      int priority,
      String credential,
      String breaker,
      List<ApiKeyPool.KeyState> keys) {}

  public List<UpstreamView> list() {
    return upstreams.all().stream()
        .map(
            u ->
                new UpstreamView(
                    u.name(),
                    u.baseUrl().toString(),
                    u.priority(),
                    u.credentials().kind(),
                    u.breakerState().name(),
                    u.credentials() instanceof ApiKeyPool pool ? pool.states() : List.of()))
        .toList();
  }

  /** Step 1 and 2: adds {@code value} to {@code upstream} once Google has accepted it. */
  public CompletionStage<ApiKeyPool.KeyState> add(String upstream, String value, String admin) {
    if (value == null || value.isBlank() || value.length() > 200) {
      throw new GoogleApiException(
          GoogleError.invalidArgument("The body must be {\"key\": \"<the Google API key>\"}."));
    }
    Upstream target = find(upstream);
    ApiKeyPool pool = pool(target);
    // Verified before it is recorded: a key Google refuses never reaches the fleet's record.
    Credential.ApiKey candidate = new Credential.ApiKey("new key", value.trim());
    return caller
        .verify(target, candidate)
        .exceptionallyCompose(
            e ->
                CompletableFuture.failedFuture(
                    unavailable("The upstream could not be reached to verify the key")))
        .thenCompose(
            accepted ->
                vertx
                    .executeBlocking(() -> record(target, pool, candidate, accepted, admin), false)
                    .toCompletionStage());
  }

  /** After the check: records the key (a database write, off the event loop) or refuses it. */
  private ApiKeyPool.KeyState record(
      Upstream target,
      ApiKeyPool pool,
      Credential.ApiKey candidate,
      boolean accepted,
      String admin) {
    String upstream = target.name();
    if (!accepted) {
      audit.upstreamKeyStep(admin, upstream, "new key", "verification failed");
      throw new GoogleApiException(
          GoogleError.of(
                  GoogleStatus.FAILED_PRECONDITION,
                  "Google refused the new key on a test call; it was not added. Check"
                      + " the key and its restrictions.")
              .withReason(
                  "KEY_VERIFICATION_FAILED", "gemini-gateway", Map.of("upstream", upstream)));
    }
    String name;
    try {
      name = keys.addCandidate(target, pool, candidate.value(), admin);
    } catch (SQLException e) {
      throw unavailable("The shared key record could not be written");
    }
    audit.upstreamKeyStep(admin, upstream, name, "added and verified");
    return new ApiKeyPool.KeyState(name, false, ApiKeyPool.Status.CANDIDATE);
  }

  /** Step 3: the verified key serves. */
  public ApiKeyPool.KeyState promote(String upstream, String keyName, String admin) {
    if (!move(upstream, keyName, ApiKeyPool.Status.CANDIDATE, ApiKeyPool.Status.SERVING, admin)) {
      throw new GoogleApiException(
          GoogleError.notFound(
              "Upstream " + upstream + " has no added, unpromoted key " + keyName + "."));
    }
    audit.upstreamKeyRotated(admin, upstream, keyName);
    return new ApiKeyPool.KeyState(keyName, true, ApiKeyPool.Status.SERVING);
  }

  /** Step 4: the old key leaves rotation; requests carrying it finish with it. */
  public void retire(String upstream, String keyName, String admin) {
    if (!move(upstream, keyName, null, ApiKeyPool.Status.RETIRED, admin)) {
      throw new GoogleApiException(
          GoogleError.notFound("Upstream " + upstream + " has no key " + keyName + "."));
    }
    audit.upstreamKeyRetired(admin, upstream, keyName);
  }

  private boolean move(
      String upstream, String keyName, ApiKeyPool.Status from, ApiKeyPool.Status to, String admin) {
    Upstream target = find(upstream);
    try {
      return keys.move(target, pool(target), keyName, from, to, admin);
    } catch (SQLException e) {
      throw unavailable("The shared key record could not be written");
    }
  }

  private static GoogleApiException unavailable(String what) {
    return new GoogleApiException(
        GoogleError.unavailable(what + "; nothing changed. Retry later.", Duration.ofSeconds(5)),
        Duration.ofSeconds(5));
  }

  private Upstream find(String name) {
    return upstreams.all().stream()
        .filter(u -> u.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new GoogleApiException(GoogleError.notFound("No upstream named " + name + ".")));
  }

  private static ApiKeyPool pool(Upstream upstream) {
    if (upstream.credentials() instanceof ApiKeyPool pool) {
      return pool;
    }
    throw new GoogleApiException(
        GoogleError.of(
            GoogleStatus.FAILED_PRECONDITION,
            "Upstream " + upstream.name() + " is not called with API keys."));
  }
}
