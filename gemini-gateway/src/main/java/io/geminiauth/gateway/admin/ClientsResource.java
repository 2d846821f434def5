package io.geminiauth.gateway.admin;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.rest.CustomMethod;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The admin API's clients: {@code GET} lists (configured and made here), {@code POST} creates,
 * {@code PATCH /{name}} changes models or limits, {@code POST /{name}:disable} and {@code :enable},
 * {@code DELETE /{name}}. Issue a new client's keys at {@code /admin/v1/client-keys}.
 */
@Path("/admin/v1/clients")
@Produces(MediaType.APPLICATION_JSON)
public class ClientsResource {
  private final CurrentAdmin admin;
  private final ClientAdmin clients;

  public ClientsResource(CurrentAdmin admin, ClientAdmin clients) {
    this.admin = admin;
    this.clients = clients;
  }

  @GET
  public List<ClientAdmin.ClientView> list() {
    return clients.list();
  }

  @GET
  @Path("{name}")
  public ClientAdmin.ClientView get(@PathParam("name") String name) {
    return clients.get(name);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(ClientAdmin.ClientSpec spec) {
    return Response.status(201).entity(clients.create(spec, admin.name())).build();
  }

  @PATCH
  @Path("{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  public ClientAdmin.ClientView update(
      @PathParam("name") String name, ClientAdmin.ClientSpec spec) {
    return clients.update(name, spec, admin.name());
  }

  /** {@code {name}:disable} and {@code {name}:enable}. */
  @POST
  @Path("{nameAndVerb}")
  public ClientAdmin.ClientView verb(@PathParam("nameAndVerb") String nameAndVerb) {
    CustomMethod method = CustomMethod.of(nameAndVerb);
    String name = method.target();
    String verb = method.verb();
    return switch (verb) {
      case "disable" -> clients.setDisabled(name, true, admin.name());
      case "enable" -> clients.setDisabled(name, false, admin.name());
      default ->
          throw new GoogleApiException(
              GoogleError.notFound("Unknown method :" + verb + "; use :disable or :enable."));
    };
  }

  @DELETE
  @Path("{name}")
  public Response delete(@PathParam("name") String name) {
    clients.delete(name, admin.name());
    return Response.noContent().build();
  }
}
