package io.geminiauth.gateway.credential;

import io.geminiauth.common.error.Causes;
import io.geminiauth.common.token.TokenUnavailableException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An upstream's credential as a bearer token for one service account from the token-service. A
 * token Google refuses (401) is dropped, and a fresh one is worth one more try.
 */
public final class TokenServiceSource implements CredentialSource {
  private final UpstreamTokens tokens;
  private final String account;
  private final List<String> scopes;

  public TokenServiceSource(UpstreamTokens tokens, String account, List<String> scopes) {
    this.tokens = tokens;
    this.account = account;
    this.scopes = List.copyOf(scopes);
  }

  @Override
  public CompletionStage<Credential> next() {
    return tokens
        .get(account, scopes)
        .<Credential>thenApply(held -> new Credential.Bearer(account, held.value()))
        .exceptionallyCompose(
            e -> {
              TokenUnavailableException unavailable =
                  Causes.find(e, TokenUnavailableException.class);
              return CompletableFuture.failedFuture(
                  new NoCredentialException(
                      "no token from the token-service",
                      Optional.ofNullable(unavailable == null ? null : unavailable.retryAfter())));
            });
  }

  /** Google refused {@code token}: it is dropped, and the next request fetches a fresh one. */
  public void refused(Credential.Bearer token) {
    tokens.refused(account, scopes, token.token());
  }

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public int size() {
    return 1;
  }

  @Override
  public String kind() {
    return "token-service";
  }
}
