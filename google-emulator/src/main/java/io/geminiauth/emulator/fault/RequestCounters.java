package io.geminiauth.emulator.fault;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests received per route and per route and model ({@code generateContent:gemini-2.5-flash})
 * and per route and API key ({@code generateContent@<key uid>}), so tests can assert exact retry
 * counts, plus a few outcome counters ({@code streamGenerateContent.cancelled}).
 */
@ApplicationScoped
public class RequestCounters {
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

  public void received(String route, String model, String keyUid) {
    increment(route);
    if (model != null) {
      increment(route + ":" + model);
    }
    if (keyUid != null) {
      increment(route + "@" + keyUid);
    }
  }

  public void increment(String name) {
    counters.computeIfAbsent(name, k -> new LongAdder()).increment();
  }

  public long get(String name) {
    LongAdder adder = counters.get(name);
    return adder == null ? 0 : adder.sum();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counters.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  public void clear() {
    counters.clear();
  }
}
