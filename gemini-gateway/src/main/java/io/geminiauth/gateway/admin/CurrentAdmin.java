package io.geminiauth.gateway.admin;

import jakarta.enterprise.context.RequestScoped;

/** The admin of the current admin request, set by {@link AdminFilter} before the resource runs. */
@RequestScoped
public class CurrentAdmin {
  private String name;

  void set(String name) {
    this.name = name;
  }

  /** The admin's name, as audit events record it. */
  public String name() {
    return name;
  }
}
