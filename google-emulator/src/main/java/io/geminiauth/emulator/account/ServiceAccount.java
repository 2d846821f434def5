package io.geminiauth.emulator.account;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A service account and its keys. */
public final class ServiceAccount {
  private final String email;
  private final String projectId;
  private final String uniqueId;
  private final Map<String, ServiceAccountKey> keys = new ConcurrentHashMap<>();
  private volatile boolean disabled;

  ServiceAccount(String email, String projectId, String uniqueId) {
    this.email = email;
    this.projectId = projectId;
    this.uniqueId = uniqueId;
  }

  public String email() {
    return email;
  }

  public String projectId() {
    return projectId;
  }

  /** The numeric id Google puts in {@code client_id}. */
  public String uniqueId() {
    return uniqueId;
  }

  public boolean disabled() {
    return disabled;
  }

  void disabled(boolean disabled) {
    this.disabled = disabled;
  }

  public Optional<ServiceAccountKey> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  public Collection<ServiceAccountKey> keys() {
    return keys.values();
  }

  void addKey(ServiceAccountKey key) {
    keys.put(key.keyId(), key);
  }

  boolean removeKey(String keyId) {
    return keys.remove(keyId) != null;
  }
}
