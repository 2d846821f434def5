package io.geminiauth.gateway.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/** What an upstream answered, to be relayed to the client as it is. */
public sealed interface Answer {

  /** A success whose body is still arriving (paused until the relay takes it). */
  record Streaming(HttpClientResponse response) implements Answer {}

  /** A final error, already read whole (e.g. 400 or 404): nothing to retry, relayed as it is. */
  record Complete(int status, MultiMap headers, Buffer body) implements Answer {}
}
