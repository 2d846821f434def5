package io.geminiauth.common.redact;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in free text, headers and maps: PEM private keys, Google access tokens, API keys
 * (standard {@code AIza…} and auth {@code AQ.…}), JWTs, OAuth refresh tokens, client secrets,
 * gateway client keys, and the values of fields and headers whose names say they hold a secret.
 * Used by the log filter and by every {@code toString()} of a type that holds a secret.
 */
public final class Redactor {
  /** What a masked value is replaced with. */
  public static final String MASK = "[REDACTED]";

  /** Prefix of the client keys the gateway issues; in common so every redactor knows them. */
  public static final String CLIENT_KEY_PREFIX = "gwk_";

  /** Field, parameter and header names whose value is always a secret. */
  private static final String SECRET_NAMES =
      "client_secret|clientSecret|refresh_token|refreshToken|access_token|accessToken|id_token"
          + "|idToken|subject_token|assertion|client_assertion|authorization|proxy-authorization"
          + "|private_key|privateKey|x-goog-api-key|api_key|apiKey|api-key|password|secret"
          + "|code_verifier";

  /** Header names whose whole value is masked by {@link #redactHeaders}. */
  private static final Set<String> SECRET_HEADERS =
      Set.of(
          "authorization",
          "proxy-authorization",
          "x-goog-api-key",
          "x-api-key",
          "cookie",
          "set-cookie");

  private static final Set<String> SECRET_KEYS = secretKeys();

  /**
   * Marks the name/value rules: they can only match where a secret's name (or "key=" or "bearer")
   * occurs, which a lower-cased search finds far faster than the patterns.
   */
  private static final String NAMED = null;

  private static final List<String> NAME_TRIGGERS = nameTriggers();

  /** Ordered: whole tokens first, then name/value forms. */
  private static final List<Rule> RULES =
      List.of(
          // A PEM private key, with real or JSON-escaped line breaks, with or without its END line.
          new Rule(
              "-----BEGIN [A-Z ]*PRIVATE KEY-----(?:[A-Za-z0-9+/=\\s]|\\\\[nr])*"
                  + "(?:-----END [A-Z ]*PRIVATE KEY-----)?",
              "[REDACTED PRIVATE KEY]",
              "PRIVATE KEY"),
          new Rule(
              "eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*", "[REDACTED JWT]", "eyJ"),
          new Rule("ya29\\.[A-Za-z0-9._~+/-]+", "ya29." + MASK, "ya29."),
          new Rule("AIza[0-9A-Za-z_-]{10,}", "AIza" + MASK, "AIza"),
          // Gemini "auth keys" (bound to a service account), the only kind AI Studio issues now.
          new Rule("\\bAQ\\.[0-9A-Za-z_.-]{16,}", "AQ." + MASK, "AQ."),
          new Rule("1//[0-9A-Za-z_-]{8,}", "1//" + MASK, "1//"),
          new Rule("GOCSPX-[0-9A-Za-z_-]{8,}", "GOCSPX-" + MASK, "GOCSPX-"),
          new Rule(
              Pattern.quote(CLIENT_KEY_PREFIX) + "[0-9A-Za-z_-]{8,}",
              CLIENT_KEY_PREFIX + MASK,
              CLIENT_KEY_PREFIX),
          // JSON: "private_key": "…"
          new Rule(
              "(?i)(\"(?:" + SECRET_NAMES + ")\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"",
              "$1\"" + MASK + "\"",
              NAMED),
          // Headers and prose: Authorization: Bearer …, x-goog-api-key: …
          new Rule(
              "(?i)\\b((?:proxy-)?authorization|x-goog-api-key|x-api-key)(\\s*[:=]\\s*)"
                  + "(?:(bearer|basic)\\s+)?(?!\\[REDACTED)[^\\s,;&\"']+",
              "$1$2" + MASK,
              NAMED),
          new Rule("(?i)\\b(bearer)\\s+[A-Za-z0-9._~+/=-]{6,}", "$1 " + MASK, NAMED),
          // Forms and query strings: assertion=…&key=…
          new Rule(
              "(?i)(^|[?&\\s,;{(\"'])(" + SECRET_NAMES + "|key)=(?!\\[REDACTED)[^&\\s\"',;)}]+",
              "$1$2=" + MASK,
              NAMED));

  private Redactor() {}

  /** The text with every secret it contains masked; {@code null} stays {@code null}. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = text;
    boolean named = mentionsASecretName(text);
    for (Rule rule : RULES) {
      if (rule.trigger() == null ? named : result.contains(rule.trigger())) {
        result = rule.apply(result);
      }
    }
    return result;
  }

  /** Headers with secret-bearing ones masked whole and the rest redacted. */
  public static Map<String, List<String>> redactHeaders(Map<String, List<String>> headers) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    headers.forEach(
        (name, values) ->
            result.put(
                name,
                SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                    ? values.stream().map(v -> MASK).toList()
                    : values.stream().map(Redactor::redact).toList()));
    return result;
  }

  /**
   * A copy of the map with the values of secret-named keys masked and every other string redacted;
   * nested maps and lists are walked.
   */
  public static Map<String, Object> redactMap(Map<String, ?> map) {
    Map<String, Object> result = new LinkedHashMap<>();
    map.forEach(
        (key, value) ->
            result.put(key, isSecretName(key) && value != null ? MASK : redactValue(value)));
    return result;
  }

  /** Whether a field, parameter or header of this name holds a secret. */
  public static boolean isSecretName(String name) {
    return name != null && SECRET_KEYS.contains(name.toLowerCase(Locale.ROOT));
  }

  private static Object redactValue(Object value) {
    if (value instanceof String s) {
      return redact(s);
    }
    if (value instanceof Map<?, ?> nested) {
      Map<String, Object> asStrings = new LinkedHashMap<>();
      nested.forEach((k, v) -> asStrings.put(String.valueOf(k), v));
      return redactMap(asStrings);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Redactor::redactValue).toList();
    }
    return value;
  }

  private static Set<String> secretKeys() {
    java.util.HashSet<String> keys = new java.util.HashSet<>(SECRET_HEADERS);
    for (String name : SECRET_NAMES.split("\\|")) {
      keys.add(name.toLowerCase(Locale.ROOT));
    }
    keys.add("key");
    return Set.copyOf(keys);
  }

  private static boolean mentionsASecretName(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String trigger : NAME_TRIGGERS) {
      if (lower.contains(trigger)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> nameTriggers() {
    java.util.List<String> triggers = new java.util.ArrayList<>();
    for (String name : SECRET_NAMES.split("\\|")) {
      triggers.add(name.toLowerCase(Locale.ROOT));
    }
    triggers.add("key=");
    triggers.add("bearer");
    triggers.add("x-api-key");
    return List.copyOf(triggers);
  }

  /**
   * A pattern, its replacement, and a literal that any match contains ({@link #NAMED} for the
   * name/value rules): text without it is skipped without running the pattern.
   */
  private record Rule(Pattern pattern, String replacement, String trigger) {
    Rule(String regex, String replacement, String trigger) {
      this(Pattern.compile(regex), replacement, trigger);
    }

    String apply(String text) {
      Matcher matcher = pattern.matcher(text);
      return matcher.find() ? matcher.replaceAll(replacement) : text;
    }
  }
}
