package io.geminiauth.gateway.admin;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.gateway.client.ClientRegistry;
import io.geminiauth.gateway.client.keys.IssuedClientKeys;
import io.geminiauth.gateway.client.keys.IssuedKey;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Issuing and revoking client keys. The key is in the answer to its creation and nowhere else,
 * ever; {@code ?alt=text} answers with the key alone, for scripts ({@code KEY=$(curl …)}). Blocking
 * methods: they write to the database.
 */
@Path("/admin/v1/client-keys")
@Produces(MediaType.APPLICATION_JSON)
public class ClientKeysResource {
  private final CurrentAdmin admin;
  private final IssuedClientKeys keys;
  private final ClientRegistry clients;
  private final Clock clock;

  public ClientKeysResource(
      CurrentAdmin admin, IssuedClientKeys keys, ClientRegistry clients, Clock clock) {
    this.admin = admin;
    this.keys = keys;
    this.clients = clients;
    this.clock = clock;
  }

  /** A creation request: the client whose limits apply, an optional lifetime and description. */
  public record NewClientKey(String client, Long ttlSeconds, String description) {}

  /** A key as created: the only time its value is shown. */
  public record CreatedKey(
      String id, String key, String client, Instant createTime, Instant expireTime) {
    @Override
    public String toString() {
      return "CreatedKey[" + id + "]";
    }
  }

  /** A key as listed: no value, no hash. */
  public record KeyView(
      String id,
      String client,
      String state,
      Instant createTime,
      String createdBy,
      Instant expireTime,
      Instant revokeTime,
      String description) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  public Response create(@QueryParam("alt") String alt, NewClientKey body) {
    if (body == null) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "The body must be {\"client\": \"<name>\", \"ttlSeconds\": <optional>,"
                  + " \"description\": <optional>}."));
    }
    if (!clients.exists(body.client())) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "client must name a client (gateway.clients.<name>, or one made through"
                  + " /admin/v1/clients): its models and limits apply to the key."));
    }
    IssuedClientKeys.Issued issued =
        keys.issue(
            body.client(),
            body.ttlSeconds() == null ? null : Duration.ofSeconds(body.ttlSeconds()),
            body.description(),
            admin.name());
    if ("text".equals(alt)) {
      return Response.status(201).type(MediaType.TEXT_PLAIN).entity(issued.value() + "\n").build();
    }
    IssuedKey k = issued.key();
    return Response.status(201)
        .type(MediaType.APPLICATION_JSON)
        .entity(new CreatedKey(k.id(), issued.value(), k.client(), k.createdAt(), k.expiresAt()))
        .build();
  }

  @GET
  public List<KeyView> list() {
    Instant now = clock.instant();
    return keys.list().stream().map(k -> view(k, now)).toList();
  }

  /**
   * {@code {id}:revoke}: the key stops working at once (on the other replicas when the change feed
   * tells them; on an embedded database there is one replica).
   */
  @POST
  @Path("{idAndVerb}")
  public KeyView revoke(@PathParam("idAndVerb") String idAndVerb) {
    if (!idAndVerb.endsWith(":revoke")) {
      throw new GoogleApiException(GoogleError.notFound("Unknown method; use {id}:revoke."));
    }
    String id = idAndVerb.substring(0, idAndVerb.length() - ":revoke".length());
    if (!keys.revoke(id, admin.name())) {
      throw new GoogleApiException(GoogleError.notFound("No client key " + id + "."));
    }
    Instant now = clock.instant();
    return keys.list().stream()
        .filter(k -> k.id().equals(id))
        .findFirst()
        .map(k -> view(k, now))
        .orElseThrow();
  }

  private static KeyView view(IssuedKey k, Instant now) {
    String state = k.revoked() ? "REVOKED" : k.expiredAt(now) ? "EXPIRED" : "ACTIVE";
    return new KeyView(
        k.id(),
        k.client(),
        state,
        k.createdAt(),
        k.createdBy(),
        k.expiresAt(),
        k.revokedAt(),
        k.description());
  }
}
