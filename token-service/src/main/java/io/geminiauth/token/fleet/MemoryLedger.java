package io.geminiauth.token.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The ledger of a single instance: decisions last as long as the process. */
public final class MemoryLedger implements CredentialLedger {
  private final List<Decision> decisions = new ArrayList<>();
  private final Set<String> retired = ConcurrentHashMap.newKeySet();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  @Override
  public synchronized Decision record(Decision decision) {
    Decision numbered = decision.numbered(decisions.size() + 1L);
    decisions.add(numbered);
    numbered.retires().ifPresent(retired::add);
    return numbered;
  }

  @Override
  public synchronized List<Decision> latest() {
    Map<String, Decision> byAccount = new LinkedHashMap<>();
    decisions.stream()
        .filter(d -> d.action().setsState())
        .forEach(d -> byAccount.put(d.account(), d));
    return byAccount.values().stream()
        .sorted((a, b) -> Long.compare(a.version(), b.version()))
        .toList();
  }

  @Override
  public synchronized List<Decision> since(long version) {
    return List.copyOf(
        decisions.subList((int) Math.min(version, decisions.size()), decisions.size()));
  }

  @Override
  public boolean retired(String keyId) {
    return retired.contains(keyId);
  }

  @Override
  public boolean claimAgeWarning(String keyId) {
    return warned.add(keyId);
  }

  @Override
  public AutoCloseable follow(Duration reconcile, Runnable catchUp) {
    return () -> {};
  }
}
