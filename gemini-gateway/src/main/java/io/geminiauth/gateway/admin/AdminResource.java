package io.geminiauth.gateway.admin;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.rest.CustomMethod;
import io.geminiauth.gateway.credential.ApiKeyPool;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The gateway's admin API: upstreams and their keys. Under {@code /admin/}, outside the Gemini
 * API's {@code /v1/…} namespace, which the gateway relays whole. Custom methods follow Google's
 * {@code :verb} style ({@code keys/key-3:promote}); Quarkus REST cannot match a literal after a
 * template in one segment, so the verb is split here.
 */
@Path("/admin/v1/upstreams")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
  private final CurrentAdmin admin;
  private final UpstreamKeyAdmin keys;

  public AdminResource(CurrentAdmin admin, UpstreamKeyAdmin keys) {
    this.admin = admin;
    this.keys = keys;
  }

  /** The body that adds a key. */
  public record NewKey(String key) {
    @Override
    public String toString() {
      return "NewKey[key=[REDACTED]]";
    }
  }

  @GET
  public List<UpstreamKeyAdmin.UpstreamView> list() {
    return keys.list();
  }

  /** Adds a key to an upstream, once a test call with it has succeeded; it serves once promoted. */
  @POST
  @Path("{upstream}/keys")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> add(@PathParam("upstream") String upstream, NewKey body) {
    String by = admin.name();
    return Uni.createFrom()
        .completionStage(() -> keys.add(upstream, body == null ? null : body.key(), by))
        .map(state -> Response.status(201).entity(state).build());
  }

  /** {@code key-3:promote} puts an added key into rotation; {@code key-1:retire} takes one out. */
  @POST
  @Path("{upstream}/keys/{keyAndVerb}")
  public ApiKeyPool.KeyState verb(
      @PathParam("upstream") String upstream, @PathParam("keyAndVerb") String keyAndVerb) {
    CustomMethod method = CustomMethod.of(keyAndVerb);
    String keyName = method.target();
    String verb = method.verb();
    return switch (verb) {
      case "promote" -> keys.promote(upstream, keyName, admin.name());
      case "retire" -> {
        keys.retire(upstream, keyName, admin.name());
        yield new ApiKeyPool.KeyState(keyName, false, ApiKeyPool.Status.RETIRED);
      }
      default ->
          throw new GoogleApiException(
              GoogleError.notFound("Unknown method :" + verb + "; use :promote or :retire."));
    };
  }
}
