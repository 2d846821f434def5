package io.geminiauth.emulator.sts;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.emulator.http.PublicUrl;
import io.geminiauth.emulator.oidc.OidcIssuerResource;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.regex.Pattern;

/** Admin API: workload identity pool providers the STS trusts. */
@Path("/emulator/workload-identity-providers")
public class WorkloadIdentityAdminResource {
  private static final Pattern PROVIDER =
      Pattern.compile(
          "//iam\\.googleapis\\.com/projects/[0-9]+/locations/global/workloadIdentityPools/"
              + "[a-z0-9-]+/providers/[a-z0-9-]+");

  private final WorkloadIdentityProviders providers;
  private final PublicUrl publicUrl;

  public WorkloadIdentityAdminResource(WorkloadIdentityProviders providers, PublicUrl publicUrl) {
    this.providers = providers;
    this.publicUrl = publicUrl;
  }

  /** Admin: registers a provider; {@code issuer} defaults to the emulator's own OIDC issuer. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public WorkloadIdentityProviders.Provider register(
      WorkloadIdentityProviders.Provider request, @Context UriInfo uri) {
    if (request == null
        || request.audience() == null
        || !PROVIDER.matcher(request.audience()).matches()) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "audience must look like //iam.googleapis.com/projects/123/locations/global/"
                  + "workloadIdentityPools/pool/providers/provider."));
    }
    String issuer =
        request.issuer() != null ? request.issuer() : OidcIssuerResource.issuer(publicUrl.of(uri));
    WorkloadIdentityProviders.Provider provider =
        new WorkloadIdentityProviders.Provider(
            request.audience(), issuer, request.jwks(), request.allowedAudience());
    providers.register(provider);
    return provider;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<WorkloadIdentityProviders.Provider> providers() {
    return List.copyOf(providers.all());
  }
}
