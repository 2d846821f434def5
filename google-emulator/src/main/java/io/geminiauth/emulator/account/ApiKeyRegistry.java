package io.geminiauth.emulator.account;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.emulator.EmulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The API keys the emulator's Gemini API accepts, by value. In memory. */
@ApplicationScoped
public class ApiKeyRegistry {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private final Map<String, ApiKey> byValue = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final EmulatorConfig config;

  public ApiKeyRegistry(EmulatorConfig config) {
    this.config = config;
    registerConfigured();
  }

  /** Creates a key with a value shaped like Google's for its type. */
  public ApiKey create(
      ApiKey.Type type,
      List<String> apiTargets,
      List<String> allowedIps,
      Instant expireTime,
      String project) {
    String value =
        type == ApiKey.Type.AUTH ? "AQ.Ab8RN6" + randomString(47) : "AIza" + randomString(35);
    return register(value, type, apiTargets, allowedIps, expireTime, project);
  }

  public ApiKey register(
      String value,
      ApiKey.Type type,
      List<String> apiTargets,
      List<String> allowedIps,
      Instant expireTime,
      String project) {
    ApiKey key =
        new ApiKey(
            value,
            UUID.randomUUID().toString(),
            type,
            ApiKey.State.ACTIVE,
            apiTargets,
            allowedIps,
            expireTime,
            project);
    byValue.put(value, key);
    return key;
  }

  public Optional<ApiKey> find(String value) {
    return value == null ? Optional.empty() : Optional.ofNullable(byValue.get(value));
  }

  public Collection<ApiKey> all() {
    return byValue.values();
  }

  public ApiKey setState(String uid, ApiKey.State state) {
    ApiKey key = byUid(uid);
    ApiKey updated = key.withState(state);
    byValue.put(key.keyString(), updated);
    return updated;
  }

  public void delete(String uid) {
    byValue.remove(byUid(uid).keyString());
  }

  public void clear() {
    byValue.clear();
    registerConfigured();
  }

  private ApiKey byUid(String uid) {
    return byValue.values().stream()
        .filter(k -> k.uid().equals(uid))
        .findFirst()
        .orElseThrow(
            () ->
                new GoogleApiException(
                    GoogleError.notFound("API key " + uid + " does not exist.")));
  }

  private void registerConfigured() {
    config
        .gemini()
        .authKeys()
        .ifPresent(
            values -> values.forEach(v -> register(v, ApiKey.Type.AUTH, null, null, null, null)));
  }

  private String randomString(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }
}
