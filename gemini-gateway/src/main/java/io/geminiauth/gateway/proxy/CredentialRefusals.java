package io.geminiauth.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.gateway.audit.GatewayAudit;
import io.geminiauth.gateway.credential.Credential;
import io.geminiauth.gateway.retry.UpstreamErrorBody;
import io.geminiauth.gateway.upstream.Upstream;
import io.geminiauth.gateway.upstream.UpstreamFailure;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * What happens when Google refuses one of an upstream's credentials: a key is out of rotation for
 * good, a token is dropped for a fresh one. Either way it is logged, counted and audited, loudly:
 * it needs an operator.
 */
@Singleton
public class CredentialRefusals {
  private static final Logger LOG = Logger.getLogger(CredentialRefusals.class);

  private final GatewayMetrics metrics;
  private final GatewayAudit audit;
  private final ObjectMapper mapper;

  public CredentialRefusals(GatewayMetrics metrics, GatewayAudit audit, ObjectMapper mapper) {
    this.metrics = metrics;
    this.audit = audit;
    this.mapper = mapper;
  }

  /**
   * Google refused {@code credential} of {@code upstream} with {@code refusal}. Returns whether
   * another credential of the upstream is worth a try (another key; a freshly fetched token).
   */
  boolean refused(Upstream upstream, Credential credential, UpstreamFailure refusal) {
    boolean another = upstream.credentials().refused(credential);
    String reason = UpstreamErrorBody.reason(refusal.body(), mapper).orElse("?");
    if (credential instanceof Credential.ApiKey) {
      metrics.keyRetired(upstream.name());
      LOG.errorf(
          "upstream %s: Google refused %s (%d %s); it is out of rotation, %d key(s) left",
          upstream.name(),
          credential.name(),
          refusal.status(),
          reason,
          upstream.credentials().size());
      audit.upstreamKeyRejected(
          upstream.name(),
          credential.name(),
          refusal.status(),
          reason,
          upstream.credentials().size());
    } else {
      LOG.warnf(
          "upstream %s: Google refused the token of %s (%d %s); fetching a new one",
          upstream.name(), credential.name(), refusal.status(), reason);
      audit.upstreamAuthFailed(upstream.name(), credential.name(), refusal.status(), reason);
    }
    return another;
  }
}
