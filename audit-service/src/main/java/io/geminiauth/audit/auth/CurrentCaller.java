package io.geminiauth.audit.auth;

import jakarta.enterprise.context.RequestScoped;

/** Who made this request, as audit events name them (set by {@link CallerFilter}). */
@RequestScoped
public class CurrentCaller {
  private String name = "unknown";

  void set(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }
}
