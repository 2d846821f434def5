package io.geminiauth.emulator.http;

import io.geminiauth.emulator.EmulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

/** The URL clients reach the emulator at: configured, or the request's own base URL. */
@ApplicationScoped
public class PublicUrl {
  private final EmulatorConfig config;

  public PublicUrl(EmulatorConfig config) {
    this.config = config;
  }

  public String of(UriInfo uri) {
    String base = config.publicUrl().orElseGet(() -> uri.getBaseUri().toString());
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
