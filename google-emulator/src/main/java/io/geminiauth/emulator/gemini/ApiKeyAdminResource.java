package io.geminiauth.emulator.gemini;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.emulator.account.ApiKey;
import io.geminiauth.emulator.account.ApiKeyRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Admin API: create API keys of either type, restrict, disable, block and delete them. */
@Path("/emulator/api-keys")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyAdminResource {
  private final ApiKeyRegistry registry;

  public ApiKeyAdminResource(ApiKeyRegistry registry) {
    this.registry = registry;
  }

  /**
   * A create request. {@code keyString} registers a chosen value instead of a random one; {@code
   * project} is the key's Cloud project ({@value ApiKey#DEFAULT_PROJECT} when absent).
   */
  public record CreateKey(
      ApiKey.Type type,
      String keyString,
      List<String> apiTargets,
      List<String> allowedIps,
      Instant expireTime,
      String project) {}

  /** A key as listed: the value is only shown when the key is created. */
  public record KeyView(
      String uid,
      ApiKey.Type type,
      ApiKey.State state,
      List<String> apiTargets,
      List<String> allowedIps,
      Instant expireTime,
      String project) {
    static KeyView of(ApiKey key) {
      return new KeyView(
          key.uid(),
          key.type(),
          key.state(),
          key.apiTargets(),
          key.allowedIps(),
          key.expireTime(),
          key.project());
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public ApiKey create(CreateKey request) {
    if (request == null || request.type() == null) {
      throw new GoogleApiException(
          GoogleError.invalidArgument("type is required: AUTH or STANDARD."));
    }
    return request.keyString() == null
        ? registry.create(
            request.type(),
            request.apiTargets(),
            request.allowedIps(),
            request.expireTime(),
            request.project())
        : registry.register(
            request.keyString(),
            request.type(),
            request.apiTargets(),
            request.allowedIps(),
            request.expireTime(),
            request.project());
  }

  @GET
  public List<KeyView> list() {
    return registry.all().stream()
        .sorted(Comparator.comparing(ApiKey::uid))
        .map(KeyView::of)
        .toList();
  }

  @POST
  @Path("{uid}/disable")
  public KeyView disable(@PathParam("uid") String uid) {
    return KeyView.of(registry.setState(uid, ApiKey.State.DISABLED));
  }

  @POST
  @Path("{uid}/enable")
  public KeyView enable(@PathParam("uid") String uid) {
    return KeyView.of(registry.setState(uid, ApiKey.State.ACTIVE));
  }

  @POST
  @Path("{uid}/block")
  public KeyView block(@PathParam("uid") String uid) {
    return KeyView.of(registry.setState(uid, ApiKey.State.BLOCKED));
  }

  @DELETE
  @Path("{uid}")
  public List<KeyView> delete(@PathParam("uid") String uid) {
    registry.delete(uid);
    return list();
  }
}
