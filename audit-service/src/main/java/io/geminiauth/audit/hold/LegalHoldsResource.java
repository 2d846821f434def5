package io.geminiauth.audit.hold;

import io.geminiauth.audit.auth.CurrentCaller;
import io.geminiauth.audit.store.LegalHold;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.rest.CustomMethod;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/legal-holds}: {@code GET} lists the holds (readers), {@code POST {"reason": …}} sets
 * one and {@code POST /{id}:release} releases it (audit admins). Retention deletes nothing while
 * any is active.
 */
@Path("/v1/legal-holds")
@Produces(MediaType.APPLICATION_JSON)
public class LegalHoldsResource {
  private final LegalHolds holds;
  private final CurrentCaller caller;

  public LegalHoldsResource(LegalHolds holds, CurrentCaller caller) {
    this.holds = holds;
    this.caller = caller;
  }

  /** The body that sets a hold. */
  public record NewHold(String reason) {}

  @GET
  public Map<String, List<LegalHold>> list() {
    return Map.of("legalHolds", holds.list());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response set(NewHold body) {
    return Response.status(201)
        .entity(holds.set(body == null ? null : body.reason(), caller.name()))
        .build();
  }

  @POST
  @Path("{idAndVerb}")
  public LegalHold release(@PathParam("idAndVerb") String idAndVerb) {
    CustomMethod method = CustomMethod.of(idAndVerb);
    if (!method.verb().equals("release")) {
      throw new GoogleApiException(GoogleError.notFound("Use POST /v1/legal-holds/{id}:release."));
    }
    return holds.release(method.target(), caller.name());
  }
}
