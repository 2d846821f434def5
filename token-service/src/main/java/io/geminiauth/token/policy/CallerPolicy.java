package io.geminiauth.token.policy;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which caller may have which accounts and scopes, and who administers. Deny by default: a caller
 * not named gets nothing. An account pattern is an email or {@code *@domain}; a scope is a URL or
 * {@code *}.
 */
@RegisterForReflection
public record CallerPolicy(Map<String, Grant> callers, Set<String> admins) {

  /** What one caller may have. */
  @RegisterForReflection
  public record Grant(List<String> accounts, List<String> scopes) {
    public Grant {
      accounts = accounts == null ? List.of() : List.copyOf(accounts);
      scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    boolean allowsAccount(String account) {
      return accounts.stream()
          .anyMatch(
              pattern ->
                  pattern.equals(account)
                      || (pattern.startsWith("*@") && account.endsWith(pattern.substring(1))));
    }

    boolean allowsScope(String scope) {
      return scopes.contains("*") || scopes.contains(scope);
    }
  }

  public CallerPolicy {
    callers = callers == null ? Map.of() : Map.copyOf(callers);
    admins = admins == null ? Set.of() : Set.copyOf(admins);
  }

  public static CallerPolicy denyAll() {
    return new CallerPolicy(Map.of(), Set.of());
  }

  /** Why {@code caller} may not have {@code account} with {@code scopes}, or null when it may. */
  public String refusal(String caller, String account, List<String> scopes) {
    Grant grant = callers.get(caller);
    if (grant == null) {
      return "Caller " + caller + " is not in the token policy.";
    }
    if (!grant.allowsAccount(account)) {
      return "Caller " + caller + " may not have tokens for " + account + ".";
    }
    List<String> denied = scopes.stream().filter(s -> !grant.allowsScope(s)).toList();
    if (!denied.isEmpty()) {
      return "Caller " + caller + " may not have the scopes " + denied + ".";
    }
    return null;
  }

  public boolean isAdmin(String caller) {
    return admins.contains(caller);
  }
}
