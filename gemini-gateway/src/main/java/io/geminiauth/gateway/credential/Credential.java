package io.geminiauth.gateway.credential;

import io.vertx.core.http.RequestOptions;

/** What an attempt carries to Google: an API key or a bearer token. Never printed. */
public sealed interface Credential {

  /** Puts the credential on the request: only in headers, never in a URL that is logged. */
  void applyTo(RequestOptions request);

  /** A name for logs and events (the key's configured name, the account): never the secret. */
  String name();

  /** A Google API key, sent in {@code x-goog-api-key}. */
  record ApiKey(String name, String value) implements Credential {
    @Override
    public void applyTo(RequestOptions request) {
      request.putHeader("x-goog-api-key", value);
    }

    @Override
    public String toString() {
      return "ApiKey[" + name + "]";
    }
  }

  /** An OAuth access token from the token-service, sent as {@code Authorization: Bearer}. */
  record Bearer(String name, String token) implements Credential {
    @Override
    public void applyTo(RequestOptions request) {
      request.putHeader("Authorization", "Bearer " + token);
    }

    @Override
    public String toString() {
      return "Bearer[" + name + "]";
    }
  }
}
