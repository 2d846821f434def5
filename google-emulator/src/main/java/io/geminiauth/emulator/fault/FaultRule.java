package io.geminiauth.emulator.fault;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * "The next {@code times} requests to {@code route} (for {@code model}, if given) get {@code
 * fault}". Route names are those of {@link RouteNames}; "*" matches every route.
 */
public final class FaultRule {
  private final String route;
  private final String model;
  private final AtomicInteger remaining;
  private final Fault fault;

  public FaultRule(String route, String model, int times, Fault fault) {
    this.route = route;
    this.model = model;
    this.remaining = new AtomicInteger(times);
    this.fault = fault;
  }

  boolean matches(String route, String model) {
    return ("*".equals(this.route) || this.route.equals(route))
        && (this.model == null || this.model.equals(model));
  }

  /** Takes one use of the rule; false once it is used up. */
  boolean take() {
    return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  public String route() {
    return route;
  }

  public String model() {
    return model;
  }

  public int remaining() {
    return remaining.get();
  }

  public Fault fault() {
    return fault;
  }
}
