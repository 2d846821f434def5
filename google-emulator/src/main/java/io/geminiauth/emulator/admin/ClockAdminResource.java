package io.geminiauth.emulator.admin;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.emulator.time.AdjustableClock;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;

/** Admin API: move the emulator's clock, so tests cross expiry boundaries without sleeping. */
@Path("/emulator/clock")
@Produces(MediaType.APPLICATION_JSON)
public class ClockAdminResource {
  private final AdjustableClock clock;

  public ClockAdminResource(AdjustableClock clock) {
    this.clock = clock;
  }

  /** The body of an advance request; negative values move the clock back. */
  public record Advance(Long advanceSeconds) {}

  /** The emulator's time and its offset from the system clock. */
  public record ClockView(Instant now, long offsetSeconds) {}

  @GET
  public ClockView get() {
    return new ClockView(clock.instant(), clock.offset().toSeconds());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public ClockView advance(Advance request) {
    if (request == null || request.advanceSeconds() == null) {
      throw new GoogleApiException(GoogleError.invalidArgument("advanceSeconds is required."));
    }
    clock.advance(Duration.ofSeconds(request.advanceSeconds()));
    return get();
  }

  @DELETE
  public ClockView reset() {
    clock.reset();
    return get();
  }
}
