package io.geminiauth.gateway.upstream;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which upstream answered for a project's resource (a file, a cached content, a batch), so that
 * later calls naming it try that upstream first. Learnt per gateway instance from answers; another
 * replica finds the same upstream by trying (an upstream of another project answers 403 or 404, and
 * the call moves on). Bounded: the least recently used names are forgotten first.
 */
@Singleton
public class ResourceAffinity {
  static final int MAX_NAMES = 10_000;

  private final Map<String, String> upstreamByResource =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAX_NAMES;
        }
      };

  /** Notes that {@code upstream} holds {@code resource}. */
  public synchronized void remember(String resource, String upstream) {
    upstreamByResource.put(resource, upstream);
  }

  /** {@code candidates} with the upstream known to hold {@code resource} first. */
  public List<Upstream> order(String resource, List<Upstream> candidates) {
    String known;
    synchronized (this) {
      known = upstreamByResource.get(resource);
    }
    if (known == null || candidates.size() < 2 || candidates.get(0).name().equals(known)) {
      return candidates;
    }
    List<Upstream> ordered = new ArrayList<>(candidates.size());
    for (Upstream upstream : candidates) {
      if (upstream.name().equals(known)) {
        ordered.add(0, upstream);
      } else {
        ordered.add(upstream);
      }
    }
    return ordered;
  }
}
