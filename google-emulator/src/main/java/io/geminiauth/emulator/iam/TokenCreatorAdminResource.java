package io.geminiauth.emulator.iam;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Set;

/** Admin API: who holds Token Creator on which account. */
@Path("/emulator/iam/token-creators")
@Produces(MediaType.APPLICATION_JSON)
public class TokenCreatorAdminResource {
  private final TokenCreatorGrants grants;

  public TokenCreatorAdminResource(TokenCreatorGrants grants) {
    this.grants = grants;
  }

  /** Admin: grant Token Creator on {@code target} to {@code member}. */
  public record Grant(String target, String member) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Set<String>> grant(Grant grant) {
    if (grant == null || grant.target() == null || grant.member() == null) {
      throw new GoogleApiException(GoogleError.invalidArgument("target and member are required."));
    }
    grants.grant(grant.target(), grant.member());
    return grants.all();
  }

  @GET
  public Map<String, Set<String>> grants() {
    return grants.all();
  }

  @DELETE
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Set<String>> revoke(Grant grant) {
    if (grant == null || grant.target() == null || grant.member() == null) {
      throw new GoogleApiException(GoogleError.invalidArgument("target and member are required."));
    }
    grants.revoke(grant.target(), grant.member());
    return grants.all();
  }
}
