package io.geminiauth.emulator.fault;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.ProtoDurations;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Admin API: script faults for the next requests, and read what the emulator received. */
@Path("/emulator")
@Produces(MediaType.APPLICATION_JSON)
public class FaultAdminResource {
  private final FaultPlan plan;
  private final RequestCounters counters;

  public FaultAdminResource(FaultPlan plan, RequestCounters counters) {
    this.plan = plan;
    this.counters = counters;
  }

  /** A fault rule as posted: which requests, how many, and the fault's parts inline. */
  public record FaultRequest(
      String route,
      String model,
      String keyUid,
      Integer times,
      Integer status,
      String message,
      String body,
      String retryDelay,
      Integer retryAfter,
      Integer latencyMs,
      Boolean drop,
      Integer streamBreakAfter,
      Integer streamStallAfter,
      Integer streamDropAfter) {}

  /** A rule as listed. */
  public record RuleView(String route, String model, String keyUid, int remaining, Fault fault) {}

  @POST
  @Path("faults")
  @Consumes(MediaType.APPLICATION_JSON)
  public RuleView add(FaultRequest request) {
    if (request == null || request.route() == null || request.route().isBlank()) {
      throw invalid("route is required: a route name such as generateContent or token, or *.");
    }
    int times = request.times() == null ? 1 : request.times();
    if (times < 1 || times > 1_000_000) {
      throw invalid("times must be between 1 and 1000000.");
    }
    if (request.status() != null && (request.status() < 100 || request.status() > 599)) {
      throw invalid("status must be an HTTP status code.");
    }
    if (request.retryDelay() != null) {
      try {
        ProtoDurations.parse(request.retryDelay());
      } catch (IllegalArgumentException e) {
        throw invalid("retryDelay must be a protobuf duration such as \"30s\".");
      }
    }
    Fault fault =
        new Fault(
            request.status(),
            request.message(),
            request.body(),
            request.retryDelay(),
            request.retryAfter(),
            request.latencyMs(),
            request.drop(),
            request.streamBreakAfter(),
            request.streamStallAfter(),
            request.streamDropAfter());
    FaultRule rule =
        new FaultRule(request.route(), request.model(), request.keyUid(), times, fault);
    plan.add(rule);
    return view(rule);
  }

  @GET
  @Path("faults")
  public List<RuleView> list() {
    return plan.rules().stream().map(FaultAdminResource::view).toList();
  }

  @DELETE
  @Path("faults")
  public List<RuleView> clear() {
    plan.clear();
    return List.of();
  }

  @GET
  @Path("counters")
  public Map<String, Long> counters() {
    return counters.snapshot();
  }

  @DELETE
  @Path("counters")
  public Map<String, Long> resetCounters() {
    counters.clear();
    return Map.of();
  }

  private static RuleView view(FaultRule rule) {
    return new RuleView(rule.route(), rule.model(), rule.keyUid(), rule.remaining(), rule.fault());
  }

  private static GoogleApiException invalid(String message) {
    return new GoogleApiException(GoogleError.invalidArgument(message));
  }
}
