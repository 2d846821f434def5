package io.geminiauth.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.gateway.audit.GatewayAudit;
import io.geminiauth.gateway.credential.ApiKeyPool;
import io.geminiauth.gateway.credential.Credential;
import io.geminiauth.gateway.credential.TokenServiceSource;
import io.geminiauth.gateway.retry.UpstreamErrorBody;
import io.geminiauth.gateway.upstream.Upstream;
import io.geminiauth.gateway.upstream.UpstreamFailure;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * What happens when Google refuses one of an upstream's credentials on a client's request: a key is
 * held back and checked ({@link KeyChecks}), a token is dropped for a fresh one and the refusal
 * audited.
 */
@Singleton
public class CredentialRefusals {
  private static final Logger LOG = Logger.getLogger(CredentialRefusals.class);

  private final KeyChecks checks;
  private final GatewayAudit audit;
  private final ObjectMapper mapper;

  public CredentialRefusals(KeyChecks checks, GatewayAudit audit, ObjectMapper mapper) {
    this.checks = checks;
    this.audit = audit;
    this.mapper = mapper;
  }

  /**
   * Google refused {@code credential} of {@code upstream} with {@code refusal}. Returns whether
   * another credential of the upstream is worth a try (a key not held back; a freshly fetched
   * token).
   */
  boolean refused(Upstream upstream, Credential credential, UpstreamFailure refusal) {
    String reason = UpstreamErrorBody.reason(refusal.body(), mapper).orElse("?");
    if (credential instanceof Credential.ApiKey key
        && upstream.credentials() instanceof ApiKeyPool pool) {
      LOG.warnf(
          "upstream %s: Google refused %s (%d %s); it is held back while the gateway checks it",
          upstream.name(), key.name(), refusal.status(), reason);
      checks.refusedOnRequest(upstream, pool, key, refusal.status(), reason);
      return pool.anotherServing();
    }
    if (credential instanceof Credential.Bearer token
        && upstream.credentials() instanceof TokenServiceSource source) {
      LOG.warnf(
          "upstream %s: Google refused the token of %s (%d %s); fetching a new one",
          upstream.name(), credential.name(), refusal.status(), reason);
      audit.upstreamAuthFailed(upstream.name(), credential.name(), refusal.status(), reason);
      source.refused(token);
      return true;
    }
    return false;
  }
}
