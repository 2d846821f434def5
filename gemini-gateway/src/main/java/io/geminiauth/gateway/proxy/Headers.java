package io.geminiauth.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Which headers cross the gateway, in each direction. */
final class Headers {
  /** Headers that describe one hop, never the message (RFC 9110 §7.6.1), plus Host. */
  static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host");

  /** The client's credentials: they authenticate the client here and go no further. */
  static final Set<String> CLIENT_CREDENTIALS = Set.of("x-goog-api-key", "authorization", "cookie");

  /** The query parameter that names the upstream an upload session belongs to. */
  static final String PIN = "gateway_upstream";

  private Headers() {}

  /**
   * The client's headers that go upstream: not hop-by-hop, not its credentials; for a body read
   * whole, no Content-Length (the client sets the one of what it sends); for an answer the gateway
   * reads on its way (a stream's events, a listing it filters), no Accept-Encoding, so that it
   * comes uncompressed (and events are not compressed into batches).
   */
  static MultiMap upstream(MultiMap client, boolean bodyReadWhole, boolean plainAnswer) {
    MultiMap kept = MultiMap.caseInsensitiveMultiMap();
    for (var header : client) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(name)
          || CLIENT_CREDENTIALS.contains(name)
          || (bodyReadWhole && name.equals("content-length"))
          || (plainAnswer && name.equals("accept-encoding"))) {
        continue;
      }
      kept.add(header.getKey(), header.getValue());
    }
    return kept;
  }

  /**
   * Copies an upstream answer's headers to the client's, but hop-by-hop ones. The resumable
   * upload's {@code X-Goog-Upload-URL} (and its control URL) are pointed back at the gateway by
   * {@code throughGateway}: the client sends the file's bytes there next, with its own key, which
   * only the gateway takes.
   */
  static void copyAnswer(
      MultiMap from, MultiMap to, boolean withLength, UnaryOperator<String> throughGateway) {
    for (var header : from) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(name) || (!withLength && name.equals("content-length"))) {
        continue;
      }
      to.add(
          header.getKey(),
          name.equals("x-goog-upload-url") || name.equals("x-goog-upload-control-url")
              ? throughGateway.apply(header.getValue())
              : header.getValue());
    }
  }

  /**
   * {@code url}'s path and query on the scheme and host the client called, pinned to {@code
   * upstream}: an upload session lives in the upstream's project, so its next requests must go
   * there ({@link #PIN}).
   */
  static String throughGateway(String url, HttpServerRequest client, String upstream) {
    String origin = client.scheme() + "://" + client.getHeader("Host");
    try {
      java.net.URI uri = java.net.URI.create(url);
      String pin = PIN + "=" + URLEncoder.encode(upstream, StandardCharsets.UTF_8);
      return origin
          + uri.getRawPath()
          + "?"
          + (uri.getRawQuery() == null ? pin : uri.getRawQuery() + "&" + pin);
    } catch (IllegalArgumentException e) {
      return url;
    }
  }
}
