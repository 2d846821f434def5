package io.geminiauth.common.env;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The process environment, behind a seam so tests can give their own. */
@ApplicationScoped
public class Environment {
  public Optional<String> get(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
  }
}
