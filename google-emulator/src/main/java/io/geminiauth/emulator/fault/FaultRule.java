package io.geminiauth.emulator.fault;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * "The next {@code times} requests to {@code route} (for {@code model}, and carrying the API key
 * {@code keyUid}, when given) get {@code fault}". Route names are those of {@link RouteNames}; "*"
 * matches every route. A key-scoped rule plays one project's quota or outage while another
 * project's key keeps working.
 */
public final class FaultRule {
  private final String route;
  private final String model;
  private final String keyUid;
  private final AtomicInteger remaining;
  private final Fault fault;

  public FaultRule(String route, String model, String keyUid, int times, Fault fault) {
    this.route = route;
    this.model = model;
    this.keyUid = keyUid;
    this.remaining = new AtomicInteger(times);
    this.fault = fault;
  }

  boolean matches(String route, String model, String keyUid) {
    return ("*".equals(this.route) || this.route.equals(route))
        && (this.model == null || this.model.equals(model))
        && (this.keyUid == null || this.keyUid.equals(keyUid));
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

  public String keyUid() {
    return keyUid;
  }

  public int remaining() {
    return remaining.get();
  }

  public Fault fault() {
    return fault;
  }
}
