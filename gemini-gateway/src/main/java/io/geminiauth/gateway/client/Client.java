package io.geminiauth.gateway.client;

import io.geminiauth.gateway.ModelPatterns;

/**
 * A caller of the gateway and what it may do.
 *
 * @param name the client's name, as audit events and metrics show it
 * @param models the models it may call
 * @param requestsPerMinute requests it may start per rolling minute
 * @param maxConcurrent requests it may have in flight at once
 * @param dailyTokenBudget tokens it may use per day (UTC), 0 for no budget
 * @param projectWide whether it may call every path of the upstreams' projects and use every
 *     resource in them, not only the Gemini API calls and the resources it made
 */
public record Client(
    String name,
    ModelPatterns models,
    int requestsPerMinute,
    int maxConcurrent,
    long dailyTokenBudget,
    boolean projectWide) {

  public Client {
    if (requestsPerMinute < 1) {
      throw new IllegalArgumentException(
          "client " + name + ": requests-per-minute must be at least 1");
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("client " + name + ": max-concurrent must be at least 1");
    }
    if (dailyTokenBudget < 0) {
      throw new IllegalArgumentException(
          "client " + name + ": daily-token-budget must be 0 (none) or more");
    }
  }
}
