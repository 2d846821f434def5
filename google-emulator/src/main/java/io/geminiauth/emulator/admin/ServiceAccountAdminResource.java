package io.geminiauth.emulator.admin;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.emulator.EmulatorConfig;
import io.geminiauth.emulator.account.KeyState;
import io.geminiauth.emulator.account.ServiceAccount;
import io.geminiauth.emulator.account.ServiceAccountKey;
import io.geminiauth.emulator.account.ServiceAccountKeyFile;
import io.geminiauth.emulator.account.ServiceAccountRegistry;
import io.geminiauth.emulator.http.PublicUrl;
import io.geminiauth.emulator.oauth.AccessTokenStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Admin API: create service accounts and manage their keys, as IAM would. */
@Path("/emulator/service-accounts")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceAccountAdminResource {
  private final ServiceAccountRegistry registry;
  private final AccessTokenStore tokens;
  private final PublicUrl publicUrl;
  private final EmulatorConfig config;

  public ServiceAccountAdminResource(
      ServiceAccountRegistry registry,
      AccessTokenStore tokens,
      PublicUrl publicUrl,
      EmulatorConfig config) {
    this.registry = registry;
    this.tokens = tokens;
    this.publicUrl = publicUrl;
    this.config = config;
  }

  /** The body of a create request. */
  public record CreateAccount(String accountId, String projectId) {}

  /** An account as the admin API lists it: never a private key. */
  public record AccountView(
      String email, String projectId, String uniqueId, boolean disabled, List<KeyView> keys) {}

  /** A key as the admin API lists it. */
  public record KeyView(String keyId, KeyState state, Instant created) {}

  /** Creates an account with one key; the answer is that key's file, shown this once. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public ServiceAccountKeyFile create(CreateAccount request, @Context UriInfo uri) {
    String project =
        request == null || request.projectId() == null
            ? config.defaultProject()
            : request.projectId();
    return registry.create(
        request == null ? null : request.accountId(), project, publicUrl.of(uri));
  }

  @GET
  public List<AccountView> list() {
    return registry.all().stream()
        .sorted(Comparator.comparing(ServiceAccount::email))
        .map(ServiceAccountAdminResource::view)
        .toList();
  }

  @GET
  @Path("{email}")
  public AccountView get(@PathParam("email") String email) {
    return view(registry.require(email));
  }

  /** Adds a key; {@code validAfter} (RFC 3339) backdates when IAM says it was made. */
  @POST
  @Path("{email}/keys")
  public ServiceAccountKeyFile addKey(
      @PathParam("email") String email,
      @QueryParam("validAfter") String validAfter,
      @Context UriInfo uri) {
    Instant madeAt;
    try {
      madeAt = validAfter == null ? null : Instant.parse(validAfter);
    } catch (java.time.format.DateTimeParseException e) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "validAfter must be an RFC 3339 time (2026-01-31T00:00:00Z)."));
    }
    return registry.addKey(email, publicUrl.of(uri), madeAt);
  }

  @POST
  @Path("{email}/keys/{keyId}/disable")
  public AccountView disableKey(
      @PathParam("email") String email, @PathParam("keyId") String keyId) {
    registry.setKeyState(email, keyId, KeyState.DISABLED);
    return get(email);
  }

  @POST
  @Path("{email}/keys/{keyId}/enable")
  public AccountView enableKey(@PathParam("email") String email, @PathParam("keyId") String keyId) {
    registry.setKeyState(email, keyId, KeyState.ACTIVE);
    return get(email);
  }

  @DELETE
  @Path("{email}/keys/{keyId}")
  public AccountView deleteKey(@PathParam("email") String email, @PathParam("keyId") String keyId) {
    registry.deleteKey(email, keyId);
    return get(email);
  }

  /** Disables the account; its tokens stop working at once, as at Google. */
  @POST
  @Path("{email}/disable")
  public AccountView disable(@PathParam("email") String email) {
    registry.setAccountDisabled(email, true);
    tokens.revokeAll(email);
    return get(email);
  }

  @POST
  @Path("{email}/enable")
  public AccountView enable(@PathParam("email") String email) {
    registry.setAccountDisabled(email, false);
    return get(email);
  }

  private static AccountView view(ServiceAccount account) {
    return new AccountView(
        account.email(),
        account.projectId(),
        account.uniqueId(),
        account.disabled(),
        account.keys().stream()
            .sorted(Comparator.comparing(ServiceAccountKey::created))
            .map(k -> new KeyView(k.keyId(), k.state(), k.created()))
            .toList());
  }
}
