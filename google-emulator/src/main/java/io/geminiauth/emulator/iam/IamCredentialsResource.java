package io.geminiauth.emulator.iam;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.ProtoDurations;
import io.geminiauth.emulator.account.ServiceAccount;
import io.geminiauth.emulator.account.ServiceAccountRegistry;
import io.geminiauth.emulator.oauth.AccessTokenStore;
import io.geminiauth.emulator.oauth.IssuedToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * IAM Credentials {@code generateAccessToken}: keyless impersonation. The caller's bearer token
 * must belong to a principal holding Token Creator on the first account of the chain (delegates,
 * then the target), and each delegate on the next.
 */
@Path("/v1/projects/-/serviceAccounts")
@Produces(MediaType.APPLICATION_JSON)
public class IamCredentialsResource {
  private static final String PERMISSION = "iam.serviceAccounts.getAccessToken";
  private static final Duration MAX_LIFETIME = Duration.ofHours(1);
  private static final String DELEGATE_PREFIX = "projects/-/serviceAccounts/";

  private final AccessTokenStore tokens;
  private final IamCallers callers;
  private final IamKeyMetadata keys;
  private final ServiceAccountRegistry accounts;
  private final TokenCreatorGrants grants;
  private final Clock clock;

  public IamCredentialsResource(
      AccessTokenStore tokens,
      IamCallers callers,
      IamKeyMetadata keys,
      ServiceAccountRegistry accounts,
      TokenCreatorGrants grants,
      Clock clock) {
    this.tokens = tokens;
    this.callers = callers;
    this.keys = keys;
    this.accounts = accounts;
    this.grants = grants;
    this.clock = clock;
  }

  /** The request body, as IAM Credentials defines it. */
  public record GenerateAccessTokenRequest(
      List<String> delegates, List<String> scope, String lifetime) {}

  /** The answer: the token and its expiry as an RFC 3339 time. */
  public record GenerateAccessTokenResponse(String accessToken, String expireTime) {
    @Override
    public String toString() {
      return "GenerateAccessTokenResponse[expireTime=" + expireTime + "]";
    }
  }

  @POST
  @Path("{call}")
  @Consumes(MediaType.APPLICATION_JSON)
  public GenerateAccessTokenResponse generateAccessToken(
      @PathParam("call") String call,
      @HeaderParam("Authorization") String authorization,
      GenerateAccessTokenRequest request) {
    int colon = call.lastIndexOf(':');
    if (colon < 0 || !call.substring(colon + 1).equals("generateAccessToken")) {
      throw new GoogleApiException(GoogleError.notFound("Method not found."));
    }
    String target = call.substring(0, colon);
    Instant now = clock.instant();
    IssuedToken caller = callers.require(authorization, now);
    if (request == null || request.scope() == null || request.scope().isEmpty()) {
      throw new GoogleApiException(GoogleError.invalidArgument("Scope is required."));
    }
    Duration lifetime = lifetime(request.lifetime());
    List<String> chain = new ArrayList<>();
    for (String delegate : request.delegates() == null ? List.<String>of() : request.delegates()) {
      chain.add(
          delegate.startsWith(DELEGATE_PREFIX)
              ? delegate.substring(DELEGATE_PREFIX.length())
              : delegate);
    }
    chain.add(target);
    String member = caller.principal();
    for (String hop : chain) {
      ServiceAccount account = accounts.find(hop).filter(a -> !a.disabled()).orElse(null);
      if (account == null || !grants.allowed(member, hop)) {
        throw IamCallers.denied(PERMISSION, hop);
      }
      member = hop;
    }
    Set<String> scopes = new LinkedHashSet<>(request.scope());
    IssuedToken token = tokens.issue(target, scopes, lifetime, "impersonated");
    return new GenerateAccessTokenResponse(
        token.value(), token.expiry().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  /** IAM {@code keys.get} (iam.googleapis.com): a key's metadata. */
  @GET
  @Path("{email}/keys/{keyId}")
  public IamKeyMetadata.KeyMetadata key(
      @PathParam("email") String email,
      @PathParam("keyId") String keyId,
      @HeaderParam("Authorization") String authorization) {
    return keys.get(email, keyId, authorization);
  }

  private static Duration lifetime(String lifetime) {
    if (lifetime == null) {
      return MAX_LIFETIME;
    }
    try {
      Duration d = ProtoDurations.parse(lifetime);
      if (d.isZero() || d.compareTo(MAX_LIFETIME) > 0) {
        throw new IllegalArgumentException();
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "The lifetime must be between 1s and 3600s, written like \"3600s\"."));
    }
  }
}
