package io.geminiauth.gateway;

import java.util.List;

/**
 * A set of model names as configured: exact names ({@code gemini-2.5-flash}), prefixes ending in
 * {@code *} ({@code gemini-2.5-*}) or {@code *} for every model. Names may carry Google's {@code
 * models/} prefix; it is ignored.
 */
public record ModelPatterns(List<String> patterns) {

  public ModelPatterns {
    patterns = patterns.stream().map(ModelPatterns::bare).map(String::trim).toList();
  }

  public static ModelPatterns of(List<String> patterns) {
    return new ModelPatterns(patterns);
  }

  /** Whether {@code model} (with or without {@code models/}) is in the set. */
  public boolean matches(String model) {
    String name = bare(model);
    for (String pattern : patterns) {
      if (pattern.endsWith("*")
          ? name.startsWith(pattern.substring(0, pattern.length() - 1))
          : name.equals(pattern)) {
        return true;
      }
    }
    return false;
  }

  private static String bare(String model) {
    return model.startsWith("models/") ? model.substring("models/".length()) : model;
  }
}
