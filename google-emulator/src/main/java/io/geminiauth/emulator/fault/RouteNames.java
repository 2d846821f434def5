package io.geminiauth.emulator.fault;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names a request by the Google API method it calls, for fault rules and counters: {@code token},
 * {@code iam.generateAccessToken}, {@code sts.token}, {@code oidc.token}, {@code generateContent},
 * {@code models.list}, {@code files.upload}, … Admin and Quarkus paths have no name.
 */
public final class RouteNames {
  /** A request's route name and, for the Gemini API, its model. */
  public record Route(String name, String model) {}

  private static final Pattern MODEL_CALL =
      Pattern.compile(
          "/(?:v1|v1beta|v1alpha|v1beta1)/(?:projects/[^/]+/locations/[^/]+/)?(?:publishers/google/)?"
              + "models/([^/:]+)(?::([A-Za-z]+))?");
  private static final Pattern MODELS_LIST =
      Pattern.compile("/(?:v1|v1beta|v1alpha|v1beta1)/(?:publishers/google/)?models");
  private static final Pattern IAM =
      Pattern.compile("/v1/projects/-/serviceAccounts/[^/:]+:([A-Za-z]+)");
  private static final Pattern FILES = Pattern.compile("/(upload/)?(?:v1|v1beta|v1alpha)/files.*");

  private RouteNames() {}

  /** The route of a request, or null for paths faults never apply to. */
  public static Route of(String method, String path) {
    switch (path) {
      case "/token":
        return new Route("token", null);
      case "/tokeninfo":
        return new Route("tokeninfo", null);
      case "/v1/token":
        return new Route("sts.token", null);
      case "/oidc/token":
        return new Route("oidc.token", null);
      default:
        break;
    }
    Matcher m = MODEL_CALL.matcher(path);
    if (m.matches()) {
      return new Route(m.group(2) == null ? "models.get" : m.group(2), m.group(1));
    }
    if (MODELS_LIST.matcher(path).matches()) {
      return new Route("models.list", null);
    }
    m = IAM.matcher(path);
    if (m.matches()) {
      return new Route("iam." + m.group(1), null);
    }
    m = FILES.matcher(path);
    if (m.matches()) {
      return new Route(m.group(1) != null ? "files.upload" : "files." + method.toLowerCase(), null);
    }
    return null;
  }
}
