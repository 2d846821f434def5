package io.geminiauth.emulator.account;

import java.time.Instant;
import java.util.List;

/**
 * A Google API key as the Gemini API sees it.
 *
 * @param type AUTH (bound to a service account, {@code AQ.…}) or STANDARD ({@code AIza…})
 * @param apiTargets services the key is restricted to; empty means unrestricted
 * @param allowedIps caller addresses the key is restricted to; empty means any
 * @param expireTime when the key stops working; null for never
 * @param project the Cloud project the key belongs to (its files are that project's)
 */
public record ApiKey(
    String keyString,
    String uid,
    Type type,
    State state,
    List<String> apiTargets,
    List<String> allowedIps,
    Instant expireTime,
    String project) {
  /** The project of keys created without one. */
  public static final String DEFAULT_PROJECT = "emulator-project";

  /** The two kinds of key Google issues. */
  public enum Type {
    AUTH,
    STANDARD
  }

  /** A key's state. */
  public enum State {
    ACTIVE,
    DISABLED,
    BLOCKED
  }

  public ApiKey {
    apiTargets = apiTargets == null ? List.of() : List.copyOf(apiTargets);
    allowedIps = allowedIps == null ? List.of() : List.copyOf(allowedIps);
    project = project == null || project.isBlank() ? DEFAULT_PROJECT : project;
  }

  public boolean restricted() {
    return !apiTargets.isEmpty() || !allowedIps.isEmpty();
  }

  public ApiKey withState(State newState) {
    return new ApiKey(keyString, uid, type, newState, apiTargets, allowedIps, expireTime, project);
  }

  @Override
  public String toString() {
    return "ApiKey[uid=" + uid + ", type=" + type + ", state=" + state + "]";
  }
}
