package io.geminiauth.token.broker;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.token.AccessToken;
import io.geminiauth.token.audit.TokenAudit;
import io.geminiauth.token.policy.PolicyStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A caller asks for an account's token: the policy decides, the broker delivers. */
@ApplicationScoped
public class TokenIssuer {
  private final PolicyStore policy;
  private final TokenBroker broker;
  private final TokenAudit audit;

  public TokenIssuer(PolicyStore policy, TokenBroker broker, TokenAudit audit) {
    this.policy = policy;
    this.broker = broker;
    this.audit = audit;
  }

  /**
   * The token, or a failed stage holding Google's error: 403 (policy or a disabled credential) and
   * 404 (an unknown account), each audited as ACCESS_DENIED; 503 with Retry-After. With {@code
   * refusedToken} (the SHA-256 of a token Google refused) that token, if still cached, is dropped
   * first, so a new one is minted.
   */
  public CompletionStage<AccessToken> issue(
      String caller,
      String account,
      List<String> scopes,
      String refusedToken,
      String ip,
      String userAgent) {
    String refusal = policy.current().refusal(caller, account, scopes);
    if (refusal != null) {
      audit.accessDenied(caller, account, scopes, refusal, ip, userAgent);
      return CompletableFuture.failedFuture(
          new GoogleApiException(GoogleError.permissionDenied(refusal)));
    }
    try {
      if (refusedToken != null && broker.dropRefused(account, scopes, refusedToken)) {
        audit.cachedTokenRefused(caller, account, scopes, ip, userAgent);
      }
      return broker.token(account, scopes, caller);
    } catch (GoogleApiException e) {
      // An unknown account or a disabled credential: a denial like the policy's, audited so.
      audit.accessDenied(caller, account, scopes, e.error().error().message(), ip, userAgent);
      return CompletableFuture.failedFuture(e);
    }
  }
}
