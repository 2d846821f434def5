package io.geminiauth.gateway.proxy;

import io.geminiauth.gateway.ApiPath;
import io.geminiauth.gateway.tenancy.ResourceCall;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.ReadStream;

/**
 * The request as it goes upstream: method, path and query (the client's {@code key} removed), the
 * headers that may pass, and the body, either read whole (so it can be sent again on a retry) or as
 * the client's stream (uploads, sent once).
 *
 * @param path what the path names (model, method, Gemini API or Vertex AI)
 * @param streaming whether the answer is a stream of events (SSE)
 * @param call what it does to the project's resources
 * @param resource the first project resource the call names ({@code files/abc}), or null
 */
record Outgoing(
    HttpMethod method,
    String uri,
    ApiPath path,
    MultiMap headers,
    Buffer body,
    ReadStream<Buffer> bodyStream,
    boolean streaming,
    ResourceCall call,
    String resource) {

  /** Whether another attempt can send the same body again. */
  boolean repeatable() {
    return bodyStream == null;
  }
}
