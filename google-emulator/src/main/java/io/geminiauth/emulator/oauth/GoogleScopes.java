package io.geminiauth.emulator.oauth;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Google's OAuth scope names: what the token endpoint accepts and what the APIs require. */
public final class GoogleScopes {
  public static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
  public static final String GENERATIVE_LANGUAGE =
      "https://www.googleapis.com/auth/generative-language";
  public static final String IAM = "https://www.googleapis.com/auth/iam";

  /** Scopes that let a token call the Gemini API. */
  public static final Set<String> GEMINI = Set.of(CLOUD_PLATFORM, GENERATIVE_LANGUAGE);

  /** Scopes that let a token call IAM Credentials. */
  public static final Set<String> IAM_CREDENTIALS = Set.of(CLOUD_PLATFORM, IAM);

  private static final Pattern GOOGLE_SCOPE =
      Pattern.compile("https://www\\.googleapis\\.com/auth/[a-z0-9._-]+(\\.[a-z0-9._-]+)*");
  private static final Set<String> OPENID_SCOPES = Set.of("openid", "email", "profile");

  private GoogleScopes() {}

  /** Splits a space-separated scope string; empty when there is none. */
  public static Set<String> parse(String scope) {
    Set<String> scopes = new LinkedHashSet<>();
    if (scope != null) {
      for (String s : scope.trim().split("[\\s,]+")) {
        if (!s.isEmpty()) {
          scopes.add(s);
        }
      }
    }
    return scopes;
  }

  /** Whether Google would know this scope name. */
  public static boolean isKnown(String scope) {
    return OPENID_SCOPES.contains(scope) || GOOGLE_SCOPE.matcher(scope).matches();
  }
}
