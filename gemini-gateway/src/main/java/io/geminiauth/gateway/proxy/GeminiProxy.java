package io.geminiauth.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleStatus;
import io.geminiauth.common.error.RouteErrors;
import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.client.ClientKeys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.jboss.logging.Logger;

/**
 * The Gemini API, relayed: every path under the API's version prefixes and the upload protocol, not
 * a fixed list. Bodies pass through byte for byte in both directions and are streamed, never
 * buffered whole, so each server-sent event reaches the client as it arrives. The client's own
 * credential never goes upstream; the gateway's Google credential replaces it. A client that goes
 * away cancels the upstream request.
 */
@ApplicationScoped
public class GeminiProxy {
  private static final Logger LOG = Logger.getLogger(GeminiProxy.class);

  /** The API's path prefixes: Gemini API versions, Vertex AI's v1beta1, resumable uploads. */
  static final List<String> PREFIXES =
      List.of("/v1/", "/v1beta/", "/v1alpha/", "/v1beta1/", "/upload/");

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

  /** Methods whose body, when it has no Content-Length, is sent chunked. */
  static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

  /** The client's credentials: they authenticate the client here and go no further. */
  static final Set<String> CLIENT_CREDENTIALS = Set.of("x-goog-api-key", "authorization", "cookie");

  private final GatewayConfig config;
  private final ClientKeys clients;
  private final UpstreamApiKey upstreamKey;
  private final ObjectMapper mapper;
  private final Vertx vertx;
  private HttpClient http;

  public GeminiProxy(
      GatewayConfig config,
      ClientKeys clients,
      UpstreamApiKey upstreamKey,
      ObjectMapper mapper,
      Vertx vertx) {
    this.config = config;
    this.clients = clients;
    this.upstreamKey = upstreamKey;
    this.mapper = mapper;
    this.vertx = vertx;
  }

  void register(@Observes Router router) {
    http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout(config.upstream().connectTimeoutMillis())
                .setKeepAlive(true)
                .setMaxPoolSize(256)
                .setDecompressionSupported(false));
    for (String prefix : PREFIXES) {
      router.route(prefix + "*").order(-10).handler(this::relay);
    }
  }

  private void relay(RoutingContext ctx) {
    HttpServerRequest in = ctx.request();
    in.pause();
    try {
      checkSize(in);
      String key = in.getHeader("x-goog-api-key");
      clients.client(key != null ? key : in.getParam("key"));
    } catch (GoogleApiException e) {
      in.resume();
      RouteErrors.write(ctx, mapper, e.error(), e.retryAfter().orElse(null));
      return;
    }
    String apiKey = upstreamKey.get().orElse(null);
    if (apiKey == null) {
      in.resume();
      RouteErrors.write(
          ctx,
          mapper,
          GoogleError.unavailable(
              "The gateway has no Google credential configured; set GOOGLE_API_KEY or"
                  + " GEMINI_API_KEY.",
              Duration.ofSeconds(30)),
          Duration.ofSeconds(30));
      return;
    }
    RequestOptions options =
        new RequestOptions()
            .setMethod(in.method())
            .setAbsoluteURI(config.upstream().baseUrl() + upstreamUri(in))
            .setTimeout(config.upstream().firstByteTimeoutMillis());
    for (Map.Entry<String, String> header : in.headers()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(name) && !CLIENT_CREDENTIALS.contains(name)) {
        options.addHeader(header.getKey(), header.getValue());
      }
    }
    options.putHeader("x-goog-api-key", apiKey);
    http.request(options)
        .onSuccess(out -> send(ctx, in, out))
        .onFailure(e -> upstreamFailed(ctx, e));
  }

  private void send(RoutingContext ctx, HttpServerRequest in, HttpClientRequest out) {
    if (in.getHeader("Content-Length") == null && WITH_BODY.contains(in.method().name())) {
      out.setChunked(true);
    }
    // The client went away before the answer ended: stop the upstream work too.
    ctx.response().closeHandler(v -> out.reset());
    out.send(in)
        .onSuccess(response -> relayResponse(ctx, response))
        .onFailure(e -> upstreamFailed(ctx, e));
  }

  private void relayResponse(RoutingContext ctx, HttpClientResponse response) {
    HttpServerResponse answer = ctx.response();
    answer.setStatusCode(response.statusCode());
    answer.setStatusMessage(response.statusMessage());
    for (Map.Entry<String, String> header : response.headers()) {
      if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        answer.headers().add(header.getKey(), header.getValue());
      }
    }
    if (response.getHeader("Content-Length") == null) {
      answer.setChunked(true);
    }
    response
        .pipeTo(answer)
        .onFailure(
            e -> {
              // Mid-stream: the client sees the stream break, as it would from Google.
              LOG.debugf("upstream stream ended early: %s", e.getClass().getSimpleName());
              answer.reset();
            });
  }

  private void upstreamFailed(RoutingContext ctx, Throwable failure) {
    LOG.warnf("upstream request failed: %s", failure.getClass().getSimpleName());
    ctx.request().resume();
    RouteErrors.write(
        ctx,
        mapper,
        GoogleError.unavailable(
            "The Gemini API could not be reached through the gateway; retry later.",
            Duration.ofSeconds(1)),
        Duration.ofSeconds(1));
  }

  private void checkSize(HttpServerRequest in) {
    String length = in.getHeader("Content-Length");
    if (length != null) {
      long bytes;
      try {
        bytes = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw new GoogleApiException(
            GoogleError.invalidArgument("Content-Length is not a number."));
      }
      if (bytes > config.limits().maxBodyBytes()) {
        throw new GoogleApiException(
            GoogleError.of(
                GoogleStatus.INVALID_ARGUMENT,
                "The request body ("
                    + bytes
                    + " bytes) is larger than the gateway's limit of "
                    + config.limits().maxBodyBytes()
                    + " bytes."));
      }
    }
  }

  /** The path and query as sent, without the client's {@code key} parameter. */
  static String upstreamUri(HttpServerRequest in) {
    String query = in.query();
    if (query == null || query.isEmpty()) {
      return in.path();
    }
    StringJoiner kept = new StringJoiner("&");
    for (String part : query.split("&")) {
      if (!part.equals("key") && !part.startsWith("key=")) {
        kept.add(part);
      }
    }
    return kept.length() == 0 ? in.path() : in.path() + "?" + kept;
  }
}
