package io.geminiauth.gateway.credential;

import java.util.concurrent.CompletionStage;

/** Where an upstream's credentials come from: a pool of API keys, or the token-service. */
public interface CredentialSource {

  /** The credential for the next attempt; fails when none can be had now. */
  CompletionStage<Credential> next();

  /** Whether the source can give a credential at all now (a pool with keys left). */
  boolean available();

  /** How many credentials it holds, for the metrics (keys left; 1 for a token source). */
  int size();

  /** What kind of source it is, for logs, events and the README: {@code api-key}, … */
  String kind();
}
