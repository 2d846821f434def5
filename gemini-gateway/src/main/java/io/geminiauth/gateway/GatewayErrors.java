package io.geminiauth.gateway;

import io.geminiauth.common.error.ErrorDetail;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleStatus;
import java.time.Duration;
import java.util.Map;

/**
 * Every error the gateway itself answers a Gemini client with, in Google's shape and with what to
 * do next: the README's error table, in code. Where Google has its own words for the case (a bad
 * API key, no key), they are Google's, so that SDKs and people recognise them.
 */
public final class GatewayErrors {
  private static final String SERVICE = "generativelanguage.googleapis.com";

  /** How long a client is told to wait when no credential could be had. */
  public static final Duration NO_CREDENTIAL_RETRY = Duration.ofSeconds(5);

  /** How long a client is told to wait when Google refused the gateway's credentials. */
  public static final Duration REFUSED_CREDENTIAL_RETRY = Duration.ofSeconds(30);

  private GatewayErrors() {}

  // ---- who is calling

  /** No client key at all: Google's words for it. */
  public static GoogleApiException noKey() {
    return new GoogleApiException(
        GoogleError.permissionDenied(
            "Method doesn't allow unregistered callers (callers without established identity)."
                + " Please use API Key or other form of API consumer identity to call this API."));
  }

  /** An unknown or revoked client key, as Google answers a bad API key. */
  public static GoogleApiException keyInvalid() {
    return apiKeyInvalid("API key not valid. Please pass a valid API key.");
  }

  /** An issued client key past its expiry. */
  public static GoogleApiException keyExpired() {
    return apiKeyInvalid("API key expired. Please renew the API key.");
  }

  private static GoogleApiException apiKeyInvalid(String message) {
    return new GoogleApiException(
        GoogleError.invalidArgument(message)
            .withReason("API_KEY_INVALID", "googleapis.com", Map.of("service", SERVICE))
            .withDetail(new ErrorDetail.LocalizedMessage("en-US", message)));
  }

  /** A bearer token that is not a valid JWT of the gateway's issuer. */
  public static GoogleApiException badBearer() {
    return new GoogleApiException(
        GoogleError.unauthenticated(
            "Request had invalid authentication credentials. Expected OAuth 2 access token, login"
                + " cookie or other valid authentication credential. The gateway takes a bearer JWT"
                + " from its OIDC issuer, for the audience gemini-gateway."));
  }

  /** A valid bearer token whose principal is not one of the gateway's clients. */
  public static GoogleApiException notAClient(String principal) {
    return new GoogleApiException(
        GoogleError.permissionDenied(
            "The bearer token is valid, but "
                + principal
                + " is not a client of this gateway; ask its operators to add it."));
  }

  /** A client an administrator disabled: its keys and tokens are known, but it may not call. */
  public static GoogleApiException clientDisabled(String client) {
    return new GoogleApiException(
        GoogleError.of(
                GoogleStatus.PERMISSION_DENIED,
                "Client " + client + " is disabled on this gateway; ask its operators.")
            .withReason("CLIENT_DISABLED", "gemini-gateway", Map.of("client", client)));
  }

  // ---- what it may do

  /**
   * A file, cached content or batch this client did not make through the gateway (or none of that
   * name): Google's words for another project's file, the same whether it exists or not.
   */
  public static GoogleApiException notYourResource(String name) {
    return new GoogleApiException(
        GoogleError.permissionDenied(
            "You do not have permission to access " + name + " or it may not exist."));
  }

  /**
   * A path outside the Gemini API calls the gateway offers, for a client without project-wide
   * access.
   */
  public static GoogleApiException outsideGeminiApi(String method, String path) {
    return new GoogleApiException(
        GoogleError.permissionDenied(
            method
                + " "
                + path
                + " is not offered to this client: the gateway relays models, files, cached"
                + " contents and batches (Vertex AI: the upstream's publisher models, cached"
                + " contents and batch prediction jobs). Ask the gateway's operators for"
                + " project-wide access."));
  }

  /** A path with an encoded slash or a dot segment: the gateway and Google might read it apart. */
  public static GoogleApiException pathNotPlain() {
    return new GoogleApiException(
        GoogleError.invalidArgument(
            "The path holds an encoded slash or backslash (%2F, %5C) or a dot segment (. or ..);"
                + " send the resource's plain path."));
  }

  /** A model outside the client's allow-list. */
  public static GoogleApiException modelNotAllowed(String model) {
    return new GoogleApiException(
        GoogleError.permissionDenied(
            "This client may not call model "
                + model
                + ". Check the model name, or ask the gateway's operators to allow it."));
  }

  /** The client's daily token budget is used up until {@code reset}. */
  public static GoogleApiException dailyBudgetUsed(long budget, Duration reset) {
    return new GoogleApiException(
        GoogleError.resourceExhausted(
            "Quota exceeded: this client's daily budget of "
                + budget
                + " tokens is used up; it starts over at midnight UTC.",
            reset),
        reset);
  }

  /** The client has its limit of requests in flight. */
  public static GoogleApiException tooManyConcurrent(int limit) {
    Duration wait = Duration.ofSeconds(1);
    return new GoogleApiException(
        GoogleError.resourceExhausted(
            "Too many concurrent requests for this client (limit "
                + limit
                + "); retry when one has finished.",
            wait),
        wait);
  }

  /** The client started its requests per minute. */
  public static GoogleApiException rateLimited(int perMinute, Duration wait) {
    return new GoogleApiException(
        GoogleError.resourceExhausted(
            "Quota exceeded: this client may start "
                + perMinute
                + " requests per minute; retry after the delay given.",
            wait),
        wait);
  }

  // ---- the request itself

  /** A Content-Length that is not a number. */
  public static GoogleApiException badContentLength() {
    return new GoogleApiException(GoogleError.invalidArgument("Content-Length is not a number."));
  }

  /** A body over the gateway's limit: 413, nothing sent upstream. */
  public static GoogleApiException tooLarge(long limit) {
    return new GoogleApiException(
        GoogleError.invalidArgument(
                "The request body is larger than the gateway's limit of "
                    + limit
                    + " bytes. Send a smaller request, or upload large inputs with the Files API.")
            .withCode(413));
  }

  /** A model path called with another HTTP method than the one Google serves it with. */
  public static GoogleApiException methodNotAllowed(String method, String path, String allowed) {
    return new GoogleApiException(GoogleError.methodNotAllowed(method, path, allowed));
  }

  /** No upstream of the gateway serves the model (or the Vertex AI path). */
  public static GoogleApiException notServed(ApiPath path) {
    return new GoogleApiException(
        GoogleError.notFound(
            path.vertex()
                ? "No Vertex AI upstream of this gateway serves "
                    + (path.model() == null ? "this path" : "model " + path.model())
                    + " in project "
                    + path.project()
                    + ", location "
                    + path.location()
                    + ". Check the project, location and model name, or call the Gemini API paths"
                    + " (/v1beta/models/…)."
                : "Model "
                    + path.model()
                    + " is not served by this gateway. Check the model name, or list the"
                    + " models with GET /v1beta/models."));
  }

  /** An upload session whose upstream is no longer configured. */
  public static GoogleApiException uploadUpstreamGone() {
    return new GoogleApiException(
        GoogleError.notFound(
            "The upstream this upload session was started on is not configured any more;"
                + " start the upload again."));
  }

  /** A resource whose upstream (project) is no longer configured. */
  public static GoogleApiException resourceUpstreamGone(String name) {
    return new GoogleApiException(
        GoogleError.notFound(
            "The upstream holding " + name + " is not configured on this gateway any more."));
  }

  /**
   * The gateway's database could not record or look up who made a resource. Google may have made
   * it: the client is told so, as it cannot use it through the gateway.
   */
  public static GoogleError ownershipUnavailable() {
    return GoogleError.unavailable(
        "The gateway could not record or check who owns this resource (its database is"
            + " unavailable); if this call made one, make it again later.",
        Duration.ofSeconds(5));
  }

  // ---- the upstreams

  /** Every upstream is failing, rate-limited or full. */
  public static GoogleError noUpstreamAvailable(String model, Duration retry) {
    return GoogleError.unavailable(
        "No upstream can take requests for "
            + (model == null ? "this call" : "model " + model)
            + " now (all are failing, rate-limited or full); retry later.",
        retry);
  }

  /** The upstream did not answer within the total timeout. */
  public static GoogleError upstreamTimedOut() {
    return GoogleError.deadlineExceeded(
        "The Gemini API did not answer in time through the gateway; retry later.");
  }

  /** Google refused the gateway's own credentials: an operator must act. */
  public static GoogleError credentialsRefused() {
    return GoogleError.unavailable(
        "Google refused the gateway's credentials for this call; the gateway's operators are"
            + " alerted. Retry later.",
        REFUSED_CREDENTIAL_RETRY);
  }

  /** No credential could be had: no key left, or no token from the token-service. */
  public static GoogleError noCredential(Duration retry) {
    return GoogleError.unavailable(
        "The gateway could not obtain Google credentials for this call (no key left, or the"
            + " token-service is unavailable); retry later.",
        retry);
  }

  /** The upstream could not be reached (connections refused or dropped). */
  public static GoogleError upstreamUnreachable(Duration retry) {
    return GoogleError.unavailable(
        "The Gemini API could not be reached through the gateway; retry later.", retry);
  }

  /** A stream whose upstream broke off. */
  public static GoogleError streamBrokeOff() {
    return GoogleError.unavailable(
        "The upstream stream broke off; retry the request.", Duration.ofSeconds(1));
  }

  /** A stream whose upstream went silent past the idle timeout. */
  public static GoogleError streamIdle(Duration idleTimeout) {
    return GoogleError.deadlineExceeded(
        "The upstream sent nothing for " + idleTimeout.toSeconds() + " s; retry the request.");
  }
}
