package io.geminiauth.token.rest;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set by {@link CallerFilter}. */
@RequestScoped
public class CurrentCaller {
  private Caller caller;
  private String ip;
  private String userAgent;

  void set(Caller caller, String ip, String userAgent) {
    this.caller = caller;
    this.ip = ip;
    this.userAgent = userAgent;
  }

  public Caller get() {
    return caller;
  }

  public String ip() {
    return ip;
  }

  public String userAgent() {
    return userAgent;
  }
}
