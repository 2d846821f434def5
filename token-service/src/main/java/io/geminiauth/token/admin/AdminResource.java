package io.geminiauth.token.admin;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.rest.CustomMethod;
import io.geminiauth.token.policy.PolicyStore;
import io.geminiauth.token.rest.CurrentCaller;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
 * The admin API (callers with the admin role, checked by {@link
 * io.geminiauth.token.rest.CallerFilter}). Custom methods follow Google's {@code :verb} style.
 */
@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
  private final CredentialAdmin admin;
  private final PolicyStore policy;
  private final CurrentCaller caller;

  public AdminResource(CredentialAdmin admin, PolicyStore policy, CurrentCaller caller) {
    this.admin = admin;
    this.policy = policy;
    this.caller = caller;
  }

  @GET
  @Path("credentials")
  public List<CredentialView> list() {
    return admin.list();
  }

  @GET
  @Path("credentials/{account}")
  public CredentialView get(@PathParam("account") String account) {
    return admin.get(account);
  }

  /** Adds a key file (the body is its JSON) for a new account, once it has minted a token. */
  @POST
  @Path("credentials")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response add(String keyFile) {
    return Response.status(201).entity(admin.add(keyFile, caller.get().name())).build();
  }

  /**
   * The custom methods on one credential, Google style: {@code {account}:rotate} (the body is the
   * new key file), {@code :disable}, {@code :enable}, {@code :flush} (drops its cached tokens).
   */
  @POST
  @Path("credentials/{call}")
  @Consumes(MediaType.WILDCARD)
  public Object call(@PathParam("call") String call, String body) {
    CustomMethod method = CustomMethod.of(call);
    String account = method.target();
    String verb = method.verb();
    String by = caller.get().name();
    return switch (verb) {
      case "rotate" -> admin.rotate(account, body, by);
      case "disable" -> admin.disable(account, by);
      case "enable" -> admin.enable(account, by);
      case "flush" -> Map.of("droppedTokens", admin.flush(account, by));
      default ->
          throw new GoogleApiException(
              GoogleError.notFound(
                  "Unknown method \"" + verb + "\": use :rotate, :disable, :enable or :flush."));
    };
  }

  @DELETE
  @Path("credentials/{account}")
  public Response revoke(@PathParam("account") String account) {
    admin.revoke(account, caller.get().name());
    return Response.noContent().build();
  }

  /** Re-reads the policy file now rather than at the next poll. */
  @POST
  @Path("policy:reload")
  public Map<String, Boolean> reloadPolicy() {
    return Map.of("changed", policy.reload());
  }
}
