package io.geminiauth.audit.query;

import io.geminiauth.audit.store.EventStore;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/stats?groupBy=type,outcome&interval=1m&from=&to=}: event counts per time bucket
 * and per value of the grouping fields, for dashboards.
 */
@Path("/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {
  private static final Set<String> GROUPABLE =
      Set.of("type", "outcome", "principal", "subject", "source");
  // At most 6 digits: a bucket of up to 999,999 days can neither overflow a Duration nor a long.
  private static final Pattern INTERVAL = Pattern.compile("(\\d{1,6})([smhd])");
  private static final long MAX_BUCKETS = 10_000;

  private final EventStore store;
  private final Clock clock;

  public StatsResource(EventStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @GET
  public Map<String, Object> stats(
      @BeanParam FilterParams filters,
      @QueryParam("groupBy") String groupBy,
      @QueryParam("interval") String interval)
      throws SQLException {
    List<String> groups = new ArrayList<>();
    if (groupBy != null && !groupBy.isBlank()) {
      for (String g : groupBy.split(",")) {
        String field = g.trim();
        if (!GROUPABLE.contains(field)) {
          throw QueryParams.invalid("groupBy", "takes a comma-separated list of " + GROUPABLE);
        }
        if (!groups.contains(field)) {
          groups.add(field);
        }
      }
    }
    Duration bucket = interval(interval == null ? "1h" : interval);
    var query = filters.toQuery(null, null, 0);
    Instant from = query.from();
    Instant to = query.to() == null ? clock.instant() : query.to();
    if (from != null && Duration.between(from, to).toSeconds() / bucket.toSeconds() > MAX_BUCKETS) {
      throw QueryParams.invalid(
          "interval", "gives more than " + MAX_BUCKETS + " buckets for that range");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("interval", bucket.toSeconds() + "s");
    answer.put("groupBy", groups);
    answer.put("rows", store.stats(query, groups, bucket.toSeconds()));
    return answer;
  }

  private static Duration interval(String text) {
    Matcher m = INTERVAL.matcher(text.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw QueryParams.invalid("interval", "must look like 30s, 1m, 5m, 1h or 1d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
