package io.geminiauth.emulator.admin;

import io.geminiauth.emulator.account.ApiKeyRegistry;
import io.geminiauth.emulator.account.ServiceAccountRegistry;
import io.geminiauth.emulator.fault.FaultPlan;
import io.geminiauth.emulator.fault.RequestCounters;
import io.geminiauth.emulator.gemini.FileRoutes;
import io.geminiauth.emulator.gemini.Scenarios;
import io.geminiauth.emulator.iam.TokenCreatorGrants;
import io.geminiauth.emulator.oauth.AccessTokenStore;
import io.geminiauth.emulator.oauth.UserGrantStore;
import io.geminiauth.emulator.oidc.OidcClients;
import io.geminiauth.emulator.sts.WorkloadIdentityProviders;
import io.geminiauth.emulator.time.AdjustableClock;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** Admin API: forget everything, back to the state of a fresh start. */
@Path("/emulator/reset")
public class ResetResource {
  private final ServiceAccountRegistry accounts;
  private final AccessTokenStore tokens;
  private final UserGrantStore userGrants;
  private final ApiKeyRegistry apiKeys;
  private final FileRoutes files;
  private final Scenarios scenarios;
  private final FaultPlan faults;
  private final RequestCounters counters;
  private final TokenCreatorGrants grants;
  private final OidcClients oidcClients;
  private final WorkloadIdentityProviders providers;
  private final AdjustableClock clock;

  @SuppressWarnings("java:S107") // one collaborator per piece of state to forget
  public ResetResource(
      ServiceAccountRegistry accounts,
      AccessTokenStore tokens,
      UserGrantStore userGrants,
      ApiKeyRegistry apiKeys,
      FileRoutes files,
      Scenarios scenarios,
      FaultPlan faults,
      RequestCounters counters,
      TokenCreatorGrants grants,
      OidcClients oidcClients,
      WorkloadIdentityProviders providers,
      AdjustableClock clock) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.userGrants = userGrants;
    this.apiKeys = apiKeys;
    this.files = files;
    this.scenarios = scenarios;
    this.faults = faults;
    this.counters = counters;
    this.grants = grants;
    this.oidcClients = oidcClients;
    this.providers = providers;
    this.clock = clock;
  }

  @POST
  public Response reset() {
    accounts.clear();
    tokens.clear();
    userGrants.clear();
    apiKeys.clear();
    files.clear();
    scenarios.clear();
    faults.clear();
    counters.clear();
    grants.clear();
    oidcClients.clear();
    providers.clear();
    clock.reset();
    return Response.noContent().build();
  }
}
