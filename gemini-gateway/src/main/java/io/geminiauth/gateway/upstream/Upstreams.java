package io.geminiauth.gateway.upstream;

import io.geminiauth.gateway.ApiPath;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The routing policy over the upstreams {@link UpstreamFactory} built: for a model, the upstreams
 * that serve it, by priority, those of equal priority in round-robin order so they share the load.
 */
@Singleton
public class Upstreams {
  private static final Logger LOG = Logger.getLogger(Upstreams.class);

  private final List<Upstream> all;
  private final Map<Integer, AtomicInteger> turns = new TreeMap<>();
  // Which upstreams serve a model never changes after start: worked out once per model name.
  private final Map<String, List<List<Upstream>>> groupsByModel = new ConcurrentHashMap<>();

  public Upstreams(UpstreamFactory factory, MeterRegistry meters) {
    List<Upstream> built = new ArrayList<>(factory.build());
    built.sort(Comparator.comparingInt(Upstream::priority).thenComparing(Upstream::name));
    this.all = List.copyOf(built);
    for (Upstream upstream : all) {
      turns.putIfAbsent(upstream.priority(), new AtomicInteger());
      Gauge.builder(
              "gateway_upstream_breaker_state", upstream, u -> breakerGaugeValue(u.breakerState()))
          .description("0 closed, 1 half-open, 2 open")
          .tag("upstream", upstream.name())
          .register(meters);
      Gauge.builder("gateway_upstream_keys", upstream, u -> u.credentials().size())
          .description("Google API keys still in rotation (1 for a token-service upstream)")
          .tag("upstream", upstream.name())
          .register(meters);
      if (!upstream.credentials().available()) {
        LOG.warnf(
            "upstream %s has no Google API key: set gateway.upstreams.%s.api-keys, or"
                + " GOOGLE_API_KEY / GEMINI_API_KEY for the default upstream",
            upstream.name(), upstream.name());
      }
    }
  }

  /**
   * The upstreams that serve the call, in the order to try them: by priority, and within one
   * priority starting at the next in turn.
   */
  public List<Upstream> candidates(ApiPath path) {
    String key =
        (path.vertex()
                ? "v|" + path.project() + "|" + path.location() + "|"
                : path.translatableToVertex() ? "t|" : "g|")
            // No model and an empty model name are not the same question (a malformed path has
            // the empty one, and its empty answer must not stand for every model-less call).
            + (path.model() == null ? "*" : "=" + path.model());
    List<List<Upstream>> groups = groupsByModel.get(key);
    if (groups == null) {
      groups = groups(path);
      // Model names come from clients: remember a bounded number of them.
      if (groupsByModel.size() < 1024) {
        groupsByModel.put(key, groups);
      }
    }
    if (groups.size() == 1 && groups.get(0).size() == 1) {
      return groups.get(0);
    }
    List<Upstream> ordered = new ArrayList<>();
    for (List<Upstream> group : groups) {
      int start = Math.floorMod(turns.get(group.get(0).priority()).getAndIncrement(), group.size());
      for (int i = 0; i < group.size(); i++) {
        ordered.add(group.get((start + i) % group.size()));
      }
    }
    return ordered;
  }

  /** The upstreams serving {@code path}, grouped by priority, lowest first. */
  private List<List<Upstream>> groups(ApiPath path) {
    return List.copyOf(
        all.stream()
            .filter(u -> u.serves(path))
            .collect(Collectors.groupingBy(Upstream::priority, TreeMap::new, Collectors.toList()))
            .values()
            .stream()
            .map(List::copyOf)
            .toList());
  }

  public List<Upstream> all() {
    return all;
  }

  private static double breakerGaugeValue(CircuitBreakerState state) {
    return switch (state) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }
}
