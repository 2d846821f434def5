package io.geminiauth.emulator.gemini;

import io.geminiauth.common.error.ErrorDetail;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.emulator.EmulatorConfig;
import io.geminiauth.emulator.account.ApiKey;
import io.geminiauth.emulator.account.ApiKeyRegistry;
import io.geminiauth.emulator.account.ServiceAccount;
import io.geminiauth.emulator.account.ServiceAccountRegistry;
import io.geminiauth.emulator.oauth.AccessTokenStore;
import io.geminiauth.emulator.oauth.GoogleScopes;
import io.geminiauth.emulator.oauth.IssuedToken;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Checks the credential of a Gemini API call as Google does and refuses it with Google's errors: an
 * API key in {@code x-goog-api-key} (or {@code ?key=}), or a bearer token the emulator issued.
 */
@ApplicationScoped
public class GeminiAuthenticator {
  static final String SERVICE = "generativelanguage.googleapis.com";
  static final String KEY_INVALID = "API key not valid. Please pass a valid API key.";
  static final String KEY_EXPIRED = "API key expired. Please renew the API key.";
  static final String BAD_CREDENTIALS =
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie"
          + " or other valid authentication credential. See"
          + " https://developers.google.com/identity/sign-in/web/devconsole-project.";
  static final String NO_CREDENTIALS =
      "Method doesn't allow unregistered callers (callers without established identity). Please"
          + " use API Key or other form of API consumer identity to call this API.";
  static final String INSUFFICIENT_SCOPES = "Request had insufficient authentication scopes.";

  private final ApiKeyRegistry keys;
  private final AccessTokenStore tokens;
  private final ServiceAccountRegistry accounts;
  private final EmulatorConfig config;
  private final Clock clock;

  public GeminiAuthenticator(
      ApiKeyRegistry keys,
      AccessTokenStore tokens,
      ServiceAccountRegistry accounts,
      EmulatorConfig config,
      Clock clock) {
    this.keys = keys;
    this.tokens = tokens;
    this.accounts = accounts;
    this.config = config;
    this.clock = clock;
  }

  /**
   * The caller of this request. {@code rpcMethod} names the method in Google's errors, e.g. {@code
   * google.ai.generativelanguage.v1beta.GenerativeService.GenerateContent}.
   */
  public Caller authenticate(RoutingContext ctx, String rpcMethod, boolean apiKeyAllowed) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null) {
      return bearer(authorization, rpcMethod);
    }
    String key = ctx.request().getHeader("x-goog-api-key");
    if (key == null) {
      key = ctx.request().getParam("key");
    }
    if (key == null) {
      throw new GoogleApiException(
          GoogleError.permissionDenied(NO_CREDENTIALS)
              .withReason("CREDENTIALS_MISSING", "googleapis.com", meta(rpcMethod)));
    }
    if (!apiKeyAllowed) {
      throw unauthenticated("ACCESS_TOKEN_TYPE_UNSUPPORTED", rpcMethod);
    }
    return apiKey(key, ctx.request().remoteAddress().hostAddress(), rpcMethod);
  }

  private Caller bearer(String authorization, String rpcMethod) {
    IssuedToken token =
        AccessTokenStore.bearerValue(authorization)
            .flatMap(tokens::find)
            .orElseThrow(() -> unauthenticated("ACCESS_TOKEN_TYPE_UNSUPPORTED", rpcMethod));
    if (token.expiredAt(clock.instant())) {
      throw unauthenticated("ACCESS_TOKEN_EXPIRED", rpcMethod);
    }
    if (!token.hasAnyScope(GoogleScopes.GEMINI)) {
      throw new GoogleApiException(
          GoogleError.permissionDenied(INSUFFICIENT_SCOPES)
              .withReason("ACCESS_TOKEN_SCOPE_INSUFFICIENT", "googleapis.com", meta(rpcMethod)));
    }
    // A service account's token acts in the account's project; any other principal in the default.
    String project =
        accounts
            .find(token.principal())
            .map(ServiceAccount::projectId)
            .orElse(ApiKey.DEFAULT_PROJECT);
    return new Caller("token", token.principal(), project);
  }

  private Caller apiKey(String value, String callerIp, String rpcMethod) {
    ApiKey key = keys.find(value).orElseThrow(() -> keyInvalid(KEY_INVALID));
    Instant now = clock.instant();
    if (key.state() == ApiKey.State.DISABLED) {
      throw keyInvalid(KEY_INVALID);
    }
    if (key.expireTime() != null && !now.isBefore(key.expireTime())) {
      throw keyInvalid(KEY_EXPIRED);
    }
    if (key.type() == ApiKey.Type.STANDARD) {
      switch (config.gemini().standardKeys()) {
        case REJECT_ALL -> throw keyInvalid(KEY_INVALID);
        case REJECT_UNRESTRICTED -> {
          if (!key.restricted()) {
            throw unauthenticated("ACCESS_TOKEN_TYPE_UNSUPPORTED", rpcMethod);
          }
        }
        case ACCEPT -> {
          // served below
        }
      }
    }
    if (key.state() == ApiKey.State.BLOCKED
        || (!key.apiTargets().isEmpty() && !key.apiTargets().contains(SERVICE))) {
      throw new GoogleApiException(
          GoogleError.permissionDenied(
                  "Requests to this API " + SERVICE + " method " + rpcMethod + " are blocked.")
              .withReason("API_KEY_SERVICE_BLOCKED", "googleapis.com", meta(rpcMethod)));
    }
    if (!key.allowedIps().isEmpty() && !key.allowedIps().contains(callerIp)) {
      throw new GoogleApiException(
          GoogleError.permissionDenied(
                  "The provided API key has an IP address restriction. The originating IP address"
                      + " of the call ("
                      + callerIp
                      + ") violates this restriction.")
              .withReason("API_KEY_IP_ADDRESS_BLOCKED", "googleapis.com", meta(rpcMethod)));
    }
    return new Caller("apiKey", key.uid(), key.project());
  }

  private static GoogleApiException keyInvalid(String message) {
    return new GoogleApiException(
        GoogleError.invalidArgument(message)
            .withReason("API_KEY_INVALID", "googleapis.com", Map.of("service", SERVICE))
            .withDetail(new ErrorDetail.LocalizedMessage("en-US", message)));
  }

  private static GoogleApiException unauthenticated(String reason, String rpcMethod) {
    return new GoogleApiException(
        GoogleError.unauthenticated(BAD_CREDENTIALS)
            .withReason(reason, "googleapis.com", meta(rpcMethod)));
  }

  private static Map<String, String> meta(String rpcMethod) {
    return Map.of("service", SERVICE, "method", rpcMethod);
  }
}
