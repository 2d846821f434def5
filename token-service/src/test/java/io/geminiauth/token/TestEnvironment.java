package io.geminiauth.token;

import io.geminiauth.common.env.Environment;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The process environment as the tests set it (a JVM cannot change its own). */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestEnvironment extends Environment {
  public static final Map<String, String> VARS = new ConcurrentHashMap<>();

  @Override
  public Optional<String> get(String name) {
    return Optional.ofNullable(VARS.get(name));
  }
}
