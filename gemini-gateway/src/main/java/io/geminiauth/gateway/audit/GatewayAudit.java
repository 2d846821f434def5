package io.geminiauth.gateway.audit;

import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.Outcome;
import io.geminiauth.common.outbox.AuditTrail;
import io.geminiauth.common.redact.KeyHashes;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;

/**
 * The gateway's auth events: refused clients, refused Google keys. Successful calls are not audited
 * one by one (they are in the metrics); what is audited names keys by a fingerprint or by their
 * configured name, never by value.
 */
@Singleton
public class GatewayAudit {
  /** The principal of events the gateway causes itself. */
  static final String SELF = AuditTrailProducer.SERVICE;

  private final AuditTrail trail;

  public GatewayAudit(AuditTrail trail) {
    this.trail = trail;
  }

  /**
   * A request without a client key, or with one the gateway does not take ({@code why}). The
   * principal of a presented key is its fingerprint, so that one caller's failures can be told from
   * another's.
   */
  public void clientKeyRefused(HttpServerRequest request, String presentedKey, String why) {
    boolean none = presentedKey == null || presentedKey.isBlank();
    trail.record(
        AuthEventType.ACCESS_DENIED,
        Outcome.DENIED,
        none ? "anonymous" : KeyHashes.unknownKeyPrincipal(presentedKey),
        none ? "no client key" : fingerprint(presentedKey),
        b ->
            b.reason(why)
                .callerIp(ip(request))
                .userAgent(request.getHeader("User-Agent"))
                .attributes(Map.of("path", request.path())));
  }

  /** A bearer token that is not valid, or whose principal is no client of the gateway. */
  public void bearerRefused(HttpServerRequest request, String why) {
    trail.record(
        AuthEventType.ACCESS_DENIED,
        Outcome.DENIED,
        "anonymous",
        "bearer token",
        b ->
            b.reason(why.length() > 200 ? why.substring(0, 200) : why)
                .callerIp(ip(request))
                .userAgent(request.getHeader("User-Agent"))
                .attributes(Map.of("path", request.path())));
  }

  /** A known client asked for a model it may not call. */
  public void modelRefused(HttpServerRequest request, String client, String model) {
    denied(request, client, "model " + model, "model not allowed for this client");
  }

  /** A client named a file, cached content or batch it did not make. */
  public void resourceRefused(HttpServerRequest request, String client, String resource) {
    denied(request, client, resource, "resource made by another client, or none");
  }

  /** A client without project-wide access called a path outside the Gemini API's calls. */
  public void pathRefused(HttpServerRequest request, String client) {
    denied(
        request,
        client,
        // The audit store keeps subjects of up to 256 characters; a path is the client's choice.
        abbreviate(request.method().name() + " " + request.path(), 200),
        "path outside the Gemini API calls for this client");
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private void denied(HttpServerRequest request, String client, String subject, String reason) {
    trail.record(
        AuthEventType.ACCESS_DENIED,
        Outcome.DENIED,
        client,
        subject,
        b -> b.reason(reason).callerIp(ip(request)).userAgent(request.getHeader("User-Agent")));
  }

  /**
   * Google refused one of an upstream's API keys on a request and again on the gateway's own check;
   * it left the rotation. {@code keysLeft} 0 makes the audit-service raise an alert.
   */
  public void upstreamKeyRejected(
      String upstream, String keyName, int status, String reason, int keysLeft) {
    trail.record(
        AuthEventType.API_KEY_REJECTED,
        Outcome.FAILURE,
        SELF,
        upstream + "/" + keyName,
        b ->
            b.reason(
                    "Google answered "
                        + status
                        + " "
                        + reason
                        + " and refused the gateway's own check; key out of rotation")
                .attributes(
                    Map.of(
                        "upstream",
                        upstream,
                        // An id, named so: "key" reads as a secret and the event would be refused.
                        "keyName",
                        keyName,
                        "status",
                        Integer.toString(status),
                        "keysLeft",
                        Integer.toString(keysLeft))));
  }

  /** A key Google had refused passed a later check: it serves again. */
  public void upstreamKeyRestored(String upstream, String keyName, int keysServing) {
    trail.record(
        AuthEventType.API_KEY_RESTORED,
        Outcome.SUCCESS,
        SELF,
        upstream + "/" + keyName,
        b ->
            b.reason("Google accepted the key on a later check; back in rotation")
                .attributes(
                    Map.of(
                        "upstream",
                        upstream,
                        "keyName",
                        keyName,
                        "keysServing",
                        Integer.toString(keysServing))));
  }

  /** Google refused the token-service's token for an upstream's account (401, or its scopes). */
  public void upstreamAuthFailed(String upstream, String account, int status, String reason) {
    trail.record(
        AuthEventType.UPSTREAM_AUTH_FAILED,
        Outcome.FAILURE,
        SELF,
        account,
        b ->
            b.reason("Google answered " + status + " " + reason + " to the account's token")
                .attributes(Map.of("upstream", upstream, "status", Integer.toString(status))));
  }

  /** A step of an upstream key's rotation by an admin (added and verified, or refused). */
  public void upstreamKeyStep(String admin, String upstream, String keyName, String step) {
    trail.record(
        AuthEventType.KEY_ADDED,
        step.contains("failed") ? Outcome.FAILURE : Outcome.SUCCESS,
        admin,
        upstream + "/" + keyName,
        b -> b.reason("upstream key " + step).attributes(Map.of("upstream", upstream)));
  }

  /** An admin promoted a verified key into an upstream's rotation. */
  public void upstreamKeyRotated(String admin, String upstream, String keyName) {
    trail.record(
        AuthEventType.UPSTREAM_KEY_ROTATED,
        Outcome.SUCCESS,
        admin,
        upstream + "/" + keyName,
        b -> b.reason("promoted into rotation").attributes(Map.of("upstream", upstream)));
  }

  /** An admin retired an upstream key; requests that carry it finish with it. */
  public void upstreamKeyRetired(String admin, String upstream, String keyName) {
    trail.record(
        AuthEventType.UPSTREAM_KEY_RETIRED,
        Outcome.SUCCESS,
        admin,
        upstream + "/" + keyName,
        b -> b.reason("retired from rotation").attributes(Map.of("upstream", upstream)));
  }

  /**
   * An admin issued a client key for {@code client} (named by its id, never its value), valid until
   * {@code expiresAt} (null: it does not expire).
   */
  public void clientKeyIssued(String admin, String id, String client, Instant expiresAt) {
    trail.record(
        AuthEventType.CLIENT_KEY_ISSUED,
        Outcome.SUCCESS,
        admin,
        "client key " + id,
        b ->
            b.reason("issued for client " + client)
                .attributes(
                    Map.of(
                        "client",
                        client,
                        "expiresAt",
                        expiresAt == null ? "never" : expiresAt.toString())));
  }

  /** An admin revoked a client key. */
  public void clientKeyRevoked(String admin, String id) {
    trail.record(
        AuthEventType.CLIENT_KEY_REVOKED,
        Outcome.SUCCESS,
        admin,
        "client key " + id,
        b -> b.reason("revoked"));
  }

  /**
   * An admin created, changed, disabled, enabled or deleted a client ({@code action}); {@code
   * settings} says what it may do now (models and limits; never a key).
   */
  public void clientChanged(
      String admin, String client, String action, Map<String, String> settings) {
    Map<String, String> attributes = new java.util.TreeMap<>(settings);
    attributes.put("action", action);
    trail.record(
        AuthEventType.POLICY_CHANGED,
        Outcome.SUCCESS,
        admin,
        "client " + client,
        b -> b.reason("client " + action).attributes(attributes));
  }

  /** A key as events may name it: the start of its SHA-256, which says nothing of the key. */
  static String fingerprint(String key) {
    return "key " + KeyHashes.fingerprint(key);
  }

  private static String ip(HttpServerRequest request) {
    return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
  }
}
