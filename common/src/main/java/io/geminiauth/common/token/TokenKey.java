package io.geminiauth.common.token;

import java.util.List;
import java.util.TreeSet;

/**
 * What a cached token is for: the account, its scopes as a sorted set, and the delegate chain. Two
 * requests that differ only in scope order or repetition share one token.
 */
public record TokenKey(String account, List<String> scopes, List<String> delegates) {

  public TokenKey {
    scopes = List.copyOf(new TreeSet<>(scopes));
    delegates = List.copyOf(delegates);
  }

  public static TokenKey of(String account, List<String> scopes) {
    return new TokenKey(account, scopes, List.of());
  }
}
