package io.geminiauth.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.common.error.Causes;
import io.geminiauth.gateway.ApiPath;
import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.credential.Credential;
import io.geminiauth.gateway.retry.RetryPolicy;
import io.geminiauth.gateway.retry.UpstreamErrorBody;
import io.geminiauth.gateway.tenancy.ResourceCall;
import io.geminiauth.gateway.upstream.Answer;
import io.geminiauth.gateway.upstream.Upstream;
import io.geminiauth.gateway.upstream.UpstreamFailure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Sends one attempt to one upstream and sorts its answer: a success is handed on with its body
 * still to come; an error answer is read whole and is either final (relayed as it is), worth
 * another attempt (408, 429, 5xx), or a refusal of the Google key the attempt carried.
 */
@Singleton
public class UpstreamCaller {
  private static final Logger LOG = Logger.getLogger(UpstreamCaller.class);

  /**
   * Reasons with which Google refuses an API key for good (invalid or expired, blocked for the API
   * or the caller's address, or a key type the API no longer takes).
   */
  static final Set<String> KEY_REFUSALS =
      Set.of(
          "API_KEY_INVALID",
          "API_KEY_SERVICE_BLOCKED",
          "API_KEY_IP_ADDRESS_BLOCKED",
          "ACCESS_TOKEN_TYPE_UNSUPPORTED");

  private final GatewayMetrics metrics;
  private final GatewayConfig.Resilience resilience;
  private final ObjectMapper mapper;
  private final Vertx vertx;
  private final HttpClientOptions clientOptions;
  // One client per event loop. A pooled connection belongs to the loop that opened it; a shared
  // pool lends it to requests of any loop, and such a request then crosses threads for its write
  // and for every event of its answer, which costs more than the rest of the relay.
  private final Map<Thread, HttpClient> perLoop = new ConcurrentHashMap<>();
  private final HttpClient offLoop;

  public UpstreamCaller(
      GatewayConfig config, ObjectMapper mapper, Vertx vertx, GatewayMetrics metrics) {
    this.metrics = metrics;
    this.resilience = config.resilience();
    this.mapper = mapper;
    this.vertx = vertx;
    this.clientOptions =
        new HttpClientOptions()
            .setConnectTimeout((int) resilience.connectTimeout().toMillis())
            .setKeepAlive(true)
            .setMaxPoolSize(256)
            .setDecompressionSupported(false);
    this.offLoop = vertx.createHttpClient(clientOptions);
  }

  @PreDestroy
  void close() {
    offLoop.close();
    perLoop.values().forEach(HttpClient::close);
  }

  /** The client of the calling event loop (a call from elsewhere: the one for other threads). */
  private HttpClient http() {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      return offLoop;
    }
    return perLoop.computeIfAbsent(
        Thread.currentThread(), loop -> vertx.createHttpClient(clientOptions));
  }

  /**
   * Sends {@code outgoing} to {@code upstream} with {@code credential}. The stage completes when
   * the answer's head has arrived (an error answer: when it has been read), or fails with {@link
   * UpstreamFailure}. {@code started} receives the request, so that the caller can reset it. Each
   * call for a client is timed with its outcome (admin verification probes are not).
   */
  CompletionStage<Answer> send(
      Upstream upstream,
      Credential credential,
      Outgoing outgoing,
      Consumer<HttpClientRequest> started) {
    long start = System.nanoTime();
    return call(upstream, credential, outgoing, started)
        .whenComplete(
            (answer, failure) ->
                metrics.upstreamCall(
                    upstream.name(),
                    failure == null ? "ok" : outcome(failure),
                    System.nanoTime() - start));
  }

  private static String outcome(Throwable failure) {
    return Causes.completionCause(failure) instanceof UpstreamFailure f ? f.label() : "error";
  }

  private CompletionStage<Answer> call(
      Upstream upstream,
      Credential credential,
      Outgoing outgoing,
      Consumer<HttpClientRequest> started) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(outgoing.method())
            .setAbsoluteURI(upstream.baseUrl() + upstream.uriFor(outgoing.uri(), outgoing.path()));
    outgoing.headers().forEach(h -> options.addHeader(h.getKey(), h.getValue()));
    if (LOG.isDebugEnabled()) {
      LOG.debugf(
          "upstream %s: %s %s with %s, headers %s",
          upstream.name(),
          outgoing.method(),
          options.getURI(),
          credential.name(),
          options.getHeaders());
    }
    // After the log line: the credential is never logged, not even to be redacted.
    credential.applyTo(options);
    CompletableFuture<Answer> result = new CompletableFuture<>();
    http()
        .request(options)
        .onFailure(e -> result.completeExceptionally(UpstreamFailure.connection()))
        .onSuccess(
            request -> {
              started.accept(request);
              AtomicBoolean timedOut = new AtomicBoolean();
              long timer =
                  vertx.setTimer(
                      resilience.firstByteTimeout().toMillis(),
                      id -> {
                        timedOut.set(true);
                        request.reset(0, new TimeoutException("first byte"));
                      });
              send(request, outgoing)
                  .onComplete(
                      sent -> {
                        vertx.cancelTimer(timer);
                        if (sent.failed()) {
                          result.completeExceptionally(
                              timedOut.get()
                                  ? UpstreamFailure.timeout()
                                  : UpstreamFailure.connection());
                        } else {
                          sort(sent.result(), credential, result);
                        }
                      });
            });
    return result;
  }

  /**
   * A cheap call with {@code credential} ({@code GET /v1beta/models?pageSize=1}): completes with
   * true when Google accepts it, false when it refuses it, and fails when the upstream cannot say
   * (unreachable, 5xx).
   */
  public CompletionStage<Boolean> verify(Upstream upstream, Credential credential) {
    Outgoing probe =
        new Outgoing(
            io.vertx.core.http.HttpMethod.GET,
            "/v1beta/models?pageSize=1",
            ApiPath.of("/v1beta/models"),
            io.vertx.core.MultiMap.caseInsensitiveMultiMap(),
            null,
            null,
            false,
            ResourceCall.MODEL,
            null);
    return call(upstream, credential, probe, request -> {})
        .thenCompose(
            answer -> {
              if (answer instanceof Answer.Streaming s) {
                CompletableFuture<Boolean> read = new CompletableFuture<>();
                s.response().body().onComplete(body -> read.complete(true));
                s.response().resume();
                return read;
              }
              return CompletableFuture.completedFuture(false);
            })
        .exceptionallyCompose(
            e ->
                Causes.completionCause(e) instanceof UpstreamFailure f
                        && f.kind() == UpstreamFailure.Kind.CREDENTIAL_REFUSED
                    ? CompletableFuture.completedFuture(false)
                    : CompletableFuture.failedFuture(e));
  }

  private static io.vertx.core.Future<HttpClientResponse> send(
      HttpClientRequest request, Outgoing outgoing) {
    if (outgoing.repeatable()) {
      return outgoing.body() == null ? request.send() : request.send(outgoing.body());
    }
    if (outgoing.headers().get("Content-Length") == null) {
      request.setChunked(true);
    }
    return request.send(outgoing.bodyStream());
  }

  /** Whether the answer refuses the credential (not the client's request). */
  private boolean refuses(Credential credential, int status, io.vertx.core.buffer.Buffer body) {
    if (status > 403) {
      return false;
    }
    java.util.Optional<String> reason = UpstreamErrorBody.reason(body, mapper);
    return credential instanceof Credential.Bearer
        ? status == 401 || reason.filter("ACCESS_TOKEN_SCOPE_INSUFFICIENT"::equals).isPresent()
        : reason.filter(KEY_REFUSALS::contains).isPresent();
  }

  private void sort(
      HttpClientResponse response, Credential credential, CompletableFuture<Answer> result) {
    int status = response.statusCode();
    if (status < 400) {
      // Held until the relay has its handlers on, so no part of the body is lost.
      response.pause();
      result.complete(new Answer.Streaming(response));
      return;
    }
    response
        .body()
        .onFailure(e -> result.completeExceptionally(UpstreamFailure.connection()))
        .onSuccess(
            body -> {
              if (RetryPolicy.retryable(status)) {
                result.completeExceptionally(
                    UpstreamFailure.status(
                        status,
                        response.headers(),
                        body,
                        UpstreamErrorBody.retryDelay(response.headers(), body, mapper)));
              } else if (refuses(credential, status, body)) {
                result.completeExceptionally(
                    UpstreamFailure.credentialRefused(status, response.headers(), body));
              } else {
                result.complete(new Answer.Complete(status, response.headers(), body));
              }
            });
  }
}
