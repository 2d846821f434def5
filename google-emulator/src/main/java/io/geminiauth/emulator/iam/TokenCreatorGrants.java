package io.geminiauth.emulator.iam;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who holds {@code roles/iam.serviceAccountTokenCreator} on which service account: member (an
 * account email or a federated principal) per target account.
 */
@ApplicationScoped
public class TokenCreatorGrants {
  private final Map<String, Set<String>> membersByTarget = new ConcurrentHashMap<>();

  public void grant(String target, String member) {
    membersByTarget.computeIfAbsent(target, t -> ConcurrentHashMap.newKeySet()).add(member);
  }

  public void revoke(String target, String member) {
    Set<String> members = membersByTarget.get(target);
    if (members != null) {
      members.remove(member);
    }
  }

  public boolean allowed(String member, String target) {
    return membersByTarget.getOrDefault(target, Set.of()).contains(member);
  }

  public Map<String, Set<String>> all() {
    Map<String, Set<String>> copy = new TreeMap<>();
    membersByTarget.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
    return copy;
  }

  public void clear() {
    membersByTarget.clear();
  }
}
