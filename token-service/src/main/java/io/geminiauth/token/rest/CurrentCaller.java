package io.geminiauth.token.rest;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current admin request, set by {@link CallerFilter}. */
@RequestScoped
public class CurrentCaller {
  private Caller caller;

  void set(Caller caller) {
    this.caller = caller;
  }

  public Caller get() {
    return caller;
  }
}
