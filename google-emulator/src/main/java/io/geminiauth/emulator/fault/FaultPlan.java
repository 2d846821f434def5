package io.geminiauth.emulator.fault;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The scripted faults, first match wins; a rule is forgotten once used up. */
@ApplicationScoped
public class FaultPlan {
  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();

  public void add(FaultRule rule) {
    rules.add(rule);
  }

  /** The fault for this request, if a rule still has uses for it. */
  public Optional<Fault> next(String route, String model, String keyUid) {
    if (rules.isEmpty()) {
      return Optional.empty();
    }
    for (FaultRule rule : rules) {
      if (rule.matches(route, model, keyUid) && rule.take()) {
        if (rule.remaining() == 0) {
          rules.remove(rule);
        }
        return Optional.of(rule.fault());
      }
    }
    return Optional.empty();
  }

  public List<FaultRule> rules() {
    return List.copyOf(rules);
  }

  public void clear() {
    rules.clear();
  }
}
