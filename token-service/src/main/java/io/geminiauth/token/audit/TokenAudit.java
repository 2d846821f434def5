package io.geminiauth.token.audit;

import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.Outcome;
import io.geminiauth.common.outbox.AuditTrail;
import io.geminiauth.token.TokenConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every auth event the token-service can emit, one method each, through the durable outbox to the
 * audit-service (see {@link AuditTrail}). Without an audit URL events are only counted (first run
 * without an audit-service).
 */
@ApplicationScoped
public class TokenAudit {
  static final String SERVICE = "token-service";

  /** The principal of events the service causes itself (loading keys, background refresh). */
  public static final String SELF = SERVICE;

  private final TokenConfig config;
  private final Clock clock;
  private final MeterRegistry meters;
  private AuditTrail trail;

  public TokenAudit(TokenConfig config, Clock clock, MeterRegistry meters) {
    this.config = config;
    this.clock = clock;
    this.meters = meters;
  }

  // Opened with the bean, not at StartupEvent: keys load at start-up too, and their KEY_LOADED
  // events must find the outbox open whatever order the start-up observers run in.
  @PostConstruct
  void open() {
    TokenConfig.Audit audit = config.audit();
    trail =
        AuditTrail.open(
            SERVICE,
            config.instance(),
            clock,
            meters,
            "token",
            audit.url(),
            audit.key(),
            audit.outboxDirectory(),
            audit.overflow());
  }

  /** Whether the audit outbox is full (the service is then unready: nothing is dropped). */
  public boolean outboxFull() {
    return trail.full();
  }

  @PreDestroy
  void close() throws IOException {
    trail.close();
  }

  // ---- credentials

  /** A credential was loaded: a key file at start or from the key directory, impersonation, … */
  public void keyLoaded(String account, String kind, String keyId, String origin) {
    record(
        AuthEventType.KEY_LOADED,
        Outcome.SUCCESS,
        SELF,
        account,
        b ->
            b.attributes(
                keyId == null
                    ? Map.of("kind", kind, "origin", origin)
                    : Map.of("kind", kind, "keyId", keyId, "origin", origin)));
  }

  /** A key file could not be used; {@code field} names what is wrong with it. */
  public void keyLoadFailed(String origin, String message, String field) {
    record(
        AuthEventType.KEY_LOAD_FAILED,
        Outcome.FAILURE,
        SELF,
        origin,
        b -> b.reason(message).attributes(Map.of("field", field)));
  }

  /** A key file left the key directory: its credential is retired. */
  public void keyFileRemoved(String account) {
    record(
        AuthEventType.KEY_REVOKED,
        Outcome.SUCCESS,
        SELF,
        account,
        b -> b.reason("key file removed"));
  }

  /** A key is older than the warning age. */
  public void keyAgeWarning(String account, String keyId, Duration warnAfter, Duration age) {
    record(
        AuthEventType.KEY_AGE_WARNING,
        Outcome.SUCCESS,
        SELF,
        account,
        b ->
            b.reason("key older than " + warnAfter.toDays() + " days: rotate it")
                .attributes(Map.of("keyId", keyId, "ageDays", String.valueOf(age.toDays()))));
  }

  // ---- admin

  /** An admin added a credential after it minted a token. */
  public void keyAdded(String admin, String account, String keyId) {
    record(
        AuthEventType.KEY_ADDED,
        Outcome.SUCCESS,
        admin,
        account,
        b -> b.attributes(Map.of("keyId", keyId)));
  }

  /** An admin swapped an account's key for a new one that minted a token. */
  public void keyRotated(String admin, String account, String oldKeyId, String newKeyId) {
    record(
        AuthEventType.KEY_ROTATED,
        Outcome.SUCCESS,
        admin,
        account,
        b -> b.attributes(Map.of("oldKeyId", oldKeyId, "newKeyId", newKeyId)));
  }

  /** A new key (to add, or to rotate to) could not mint: nothing changed. */
  public void keyVerificationFailed(String admin, String account, String keyId, String message) {
    record(
        AuthEventType.TOKEN_REQUEST_FAILED,
        Outcome.FAILURE,
        admin,
        account,
        b -> b.reason("key verification failed: " + message).attributes(Map.of("keyId", keyId)));
  }

  /** An admin enabled a disabled credential. */
  public void credentialEnabled(String admin, String account) {
    record(AuthEventType.KEY_LOADED, Outcome.SUCCESS, admin, account, b -> b.reason("enabled"));
  }

  /**
   * An admin disabled or revoked a credential ({@code KEY_REVOKED}) or flushed its tokens ({@code
   * TOKEN_REVOKED}); {@code dropped} cached tokens went with it.
   */
  public void tokensDropped(
      AuthEventType type, String admin, String account, String reason, int dropped) {
    record(
        type,
        Outcome.SUCCESS,
        admin,
        account,
        b -> b.reason(reason).attributes(Map.of("droppedTokens", String.valueOf(dropped))));
  }

  // ---- tokens

  /** A token was minted for a caller ({@code refresh}: in the background, before expiry). */
  public void tokenMinted(
      String requester, String account, List<String> scopes, boolean refresh, Duration latency) {
    record(
        refresh ? AuthEventType.TOKEN_REFRESHED : AuthEventType.TOKEN_ISSUED,
        Outcome.SUCCESS,
        requester,
        account,
        b -> b.scopes(scopes).attributes(Map.of("latencyMs", String.valueOf(latency.toMillis()))));
  }

  /** No token could be minted; {@code attributes} say where and with which code. */
  public void tokenRequestFailed(
      String requester,
      String account,
      List<String> scopes,
      String reason,
      Map<String, String> attributes) {
    record(
        AuthEventType.TOKEN_REQUEST_FAILED,
        Outcome.FAILURE,
        requester,
        account,
        b -> b.reason(reason).scopes(scopes).attributes(attributes));
  }

  /** The caller policy in force changed: who may now ask for what is in the file of that hash. */
  public void policyLoaded(String file, String sha256, int callers, int admins) {
    record(
        AuthEventType.POLICY_CHANGED,
        Outcome.SUCCESS,
        SELF,
        file,
        b ->
            b.reason("caller policy loaded")
                .attributes(
                    Map.of(
                        "sha256",
                        sha256,
                        "callers",
                        Integer.toString(callers),
                        "admins",
                        Integer.toString(admins))));
  }

  /** A changed policy file did not parse: refused, the policy in force stays. */
  public void policyRefused(String file, String why) {
    record(
        AuthEventType.POLICY_CHANGED,
        Outcome.FAILURE,
        SELF,
        file,
        b -> b.reason("caller policy file refused (" + why + "); the policy in force stays"));
  }

  /** A caller's token request was refused by the policy, or for a disabled credential. */
  public void accessDenied(
      String caller, String account, List<String> scopes, String refusal, String ip, String ua) {
    record(
        AuthEventType.ACCESS_DENIED,
        Outcome.DENIED,
        caller,
        account,
        b -> b.reason(refusal).scopes(scopes).callerIp(ip).userAgent(ua));
  }

  /** A caller could not be authenticated. */
  public void callerRefused(String principal, String message, String ip, String ua) {
    record(
        AuthEventType.ACCESS_DENIED,
        Outcome.DENIED,
        principal,
        SELF,
        b -> b.reason(message).callerIp(ip).userAgent(ua));
  }

  /** A caller reported that Google refused the cached token: it was dropped, a new one minted. */
  public void cachedTokenRefused(
      String caller, String account, List<String> scopes, String ip, String ua) {
    record(
        AuthEventType.TOKEN_REVOKED,
        Outcome.SUCCESS,
        caller,
        account,
        b ->
            b.reason("Google refused the cached token, as the caller reported; minting anew")
                .scopes(scopes)
                .callerIp(ip)
                .userAgent(ua));
  }

  private void record(
      AuthEventType type,
      Outcome outcome,
      String principal,
      String subject,
      Consumer<AuthEvent.Builder> details) {
    trail.record(type, outcome, principal, subject, details);
  }
}
