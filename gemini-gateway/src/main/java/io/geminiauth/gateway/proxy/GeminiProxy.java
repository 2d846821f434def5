package io.geminiauth.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.common.error.Causes;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.RouteErrors;
import io.geminiauth.gateway.ApiPath;
import io.geminiauth.gateway.GatewayConfig;
import io.geminiauth.gateway.GatewayErrors;
import io.geminiauth.gateway.audit.GatewayAudit;
import io.geminiauth.gateway.client.Client;
import io.geminiauth.gateway.client.ClientRegistry;
import io.geminiauth.gateway.limits.ClientAdmission;
import io.geminiauth.gateway.tenancy.ResourceCall;
import io.geminiauth.gateway.tenancy.ResourceNames;
import io.geminiauth.gateway.upstream.Upstream;
import io.geminiauth.gateway.upstream.Upstreams;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The Gemini API, relayed: every path under the API's version prefixes and the upload protocol, not
 * a fixed list. Authenticates the client, admits the request under the client's limits, reads the
 * body (so that a retry can send it again; uploads stream through once) and hands it to an {@link
 * Exchange}, which finds an upstream and relays the answer as it arrives. The client's credential
 * never goes upstream; the upstream's Google key replaces it.
 */
@ApplicationScoped
public class GeminiProxy {
  private static final Logger LOG = Logger.getLogger(GeminiProxy.class);

  /** The API's path prefixes: Gemini API versions, Vertex AI's v1beta1, resumable uploads. */
  static final List<String> PREFIXES =
      List.of("/v1/", "/v1beta/", "/v1alpha/", "/v1beta1/", "/upload/");

  private final GatewayConfig config;
  private final ClientRegistry clients;
  private final ClientAdmission admission;
  private final Upstreams upstreams;
  private final ExchangeServices services;
  private final GatewayMetrics metrics;
  private final ObjectMapper mapper;
  private final GatewayAudit audit;

  public GeminiProxy(
      GatewayAudit audit,
      GatewayConfig config,
      ClientRegistry clients,
      ClientAdmission admission,
      Upstreams upstreams,
      ExchangeServices services,
      GatewayMetrics metrics,
      ObjectMapper mapper) {
    this.audit = audit;
    this.config = config;
    this.clients = clients;
    this.admission = admission;
    this.upstreams = upstreams;
    this.services = services;
    this.metrics = metrics;
    this.mapper = mapper;
  }

  void register(@Observes Router router) {
    for (String prefix : PREFIXES) {
      router.route(prefix + "*").order(-10).handler(this::relay);
    }
  }

  private void relay(RoutingContext ctx) {
    HttpServerRequest in = ctx.request();
    in.pause();
    long started = System.nanoTime();
    String presented =
        in.getHeader("x-goog-api-key") != null
            ? in.getHeader("x-goog-api-key")
            : in.getParam("key");
    String authorization = in.getHeader("Authorization");
    try {
      RequestBody.checkAnnounced(in, config.limits().maxBodyBytes());
      if (presented == null && ClientRegistry.isBearer(authorization)) {
        clients
            .authenticateBearer(authorization)
            .whenComplete(
                (client, failure) -> {
                  if (failure != null) {
                    GoogleApiException refusal = refusal(failure);
                    audit.bearerRefused(in, refusal.error().error().message());
                    refuse(ctx, refusal);
                  } else {
                    admitted(ctx, client, started);
                  }
                });
        return;
      }
      admitted(ctx, authenticate(in, presented), started);
    } catch (GoogleApiException e) {
      refuse(ctx, e);
    }
  }

  /** The client is known: find upstreams, admit it under its limits, then relay. */
  private void admitted(RoutingContext ctx, Client client, long started) {
    HttpServerRequest in = ctx.request();
    ApiPath path = ApiPath.of(in.path());
    boolean upload = in.path().startsWith("/upload/");
    CompletionStage<ClientAdmission.Permit> admission;
    List<Upstream> candidates;
    ResourceCall call;
    try {
      if (ResourceCall.traverses(in.path())) {
        throw GatewayErrors.pathNotPlain();
      }
      String allowed = path.httpMethod();
      if (allowed != null && !allowed.equals(in.method().name())) {
        ctx.response().putHeader("Allow", allowed);
        throw GatewayErrors.methodNotAllowed(in.method().name(), in.path(), allowed);
      }
      call = ResourceCall.of(in.method().name(), in.path());
      if (call == ResourceCall.OUTSIDE && !client.projectWide()) {
        audit.pathRefused(in, client.name());
        throw GatewayErrors.outsideGeminiApi(in.method().name(), in.path());
      }
      List<Upstream> served = upstreams.candidates(path);
      if (served.isEmpty()) {
        throw GatewayErrors.notServed(path);
      }
      candidates = upload ? pinned(in, served) : served;
      admission = admit(in, client, path.model());
    } catch (GoogleApiException e) {
      refuse(ctx, e);
      return;
    }
    CompletableFuture<ClientAdmission.Permit> decided = admission.toCompletableFuture();
    if (decided.isDone() && !decided.isCompletedExceptionally()) {
      started(ctx, client, path, call, candidates, upload, started, decided.join());
      return;
    }
    // Refused, or the shared limits answer later: go on on this request's context.
    Context context = Vertx.currentContext();
    decided.whenComplete(
        (permit, failure) -> {
          Runnable next =
              () -> {
                if (failure == null) {
                  started(ctx, client, path, call, candidates, upload, started, permit);
                  return;
                }
                GoogleApiException refusal = Causes.find(failure, GoogleApiException.class);
                if (refusal == null) {
                  ctx.fail(failure);
                } else {
                  refuse(ctx, refusal);
                }
              };
          if (context == null || context == Vertx.currentContext()) {
            next.run();
          } else {
            context.runOnContext(v -> next.run());
          }
        });
  }

  /** Admitted: relay the request under its permit. */
  private void started(
      RoutingContext ctx,
      Client client,
      ApiPath path,
      ResourceCall call,
      List<Upstream> candidates,
      boolean upload,
      long started,
      ClientAdmission.Permit permit) {
    HttpServerRequest in = ctx.request();
    metrics.started();
    services.budget.recordRequest();
    ctx.addEndHandler(
        v -> {
          permit.close();
          metrics.finished(
              client.name(),
              path.model(),
              path.method(),
              ctx.response().getStatusCode(),
              System.nanoTime() - started);
        });
    if (upload) {
      Outgoing outgoing =
          new Outgoing(
              in.method(),
              upstreamUri(in),
              path,
              Headers.upstream(in.headers(), false, call.readsAnswer()),
              null,
              in,
              false,
              call,
              null);
      new Exchange(services, ctx, outgoing, client, path.model(), candidates).start();
      return;
    }
    RequestBody.read(in, config.limits().maxBodyBytes())
        .onFailure(
            e -> {
              if (e instanceof GoogleApiException g) {
                ctx.response().putHeader("Connection", "close");
                refuse(ctx, g);
              } else {
                ctx.response().reset();
              }
            })
        .onSuccess(body -> withBody(ctx, client, path, call, body, candidates));
  }

  /**
   * The body is read: a resource the call makes must be for a model the client may use, and the
   * resources it names must be the client's own; then it goes to the upstream that holds them.
   */
  private void withBody(
      RoutingContext ctx,
      Client client,
      ApiPath path,
      ResourceCall call,
      Buffer body,
      List<Upstream> candidates) {
    HttpServerRequest in = ctx.request();
    if (call == ResourceCall.CREATE && path.model() == null) {
      String model = RequestBody.model(mapper, body);
      if (model != null && !client.models().matches(model)) {
        audit.modelRefused(in, client.name(), model);
        refuse(ctx, GatewayErrors.modelNotAllowed(model));
        return;
      }
    }
    List<String> names = ResourceNames.named(in.path(), body);
    if (names.isEmpty()) {
      exchange(ctx, client, path, call, body, null, candidates);
      return;
    }
    services
        .ownership
        .upstreamOf(client, names)
        .onComplete(
            owner -> {
              if (owner.failed()) {
                GoogleApiException refusal = Causes.find(owner.cause(), GoogleApiException.class);
                if (refusal == null) {
                  LOG.errorf("could not look up who owns %s: %s", names, owner.cause().toString());
                  RouteErrors.write(ctx, mapper, GatewayErrors.ownershipUnavailable(), null);
                } else {
                  audit.resourceRefused(in, client.name(), String.join(" ", names));
                  refuse(ctx, refusal);
                }
                return;
              }
              String upstream = owner.result();
              List<Upstream> holding =
                  upstream == null
                      ? candidates
                      : candidates.stream().filter(u -> u.name().equals(upstream)).toList();
              if (holding.isEmpty()) {
                refuse(ctx, GatewayErrors.resourceUpstreamGone(names.get(0)));
              } else {
                exchange(ctx, client, path, call, body, names.get(0), holding);
              }
            });
  }

  private void exchange(
      RoutingContext ctx,
      Client client,
      ApiPath path,
      ResourceCall call,
      Buffer body,
      String resource,
      List<Upstream> candidates) {
    HttpServerRequest in = ctx.request();
    // An answer read whole is parsed: it must come uncompressed, as a stream's must.
    boolean plain = path.streaming() || call.readsAnswer();
    new Exchange(
            services,
            ctx,
            new Outgoing(
                in.method(),
                upstreamUri(in),
                path,
                Headers.upstream(in.headers(), true, plain),
                body.length() == 0 && !hasBody(in) ? null : body,
                null,
                path.streaming(),
                call,
                resource),
            client,
            path.model(),
            candidates)
        .start();
  }

  /**
   * The candidates, or only the upstream an upload session names ({@link Headers#PIN}): the session
   * lives in that upstream's project. Asked for uploads only: other calls cannot choose an upstream
   * this way.
   */
  private static List<Upstream> pinned(HttpServerRequest in, List<Upstream> candidates) {
    String query = in.query();
    if (query == null || !query.contains(Headers.PIN)) {
      return candidates;
    }
    String name = in.getParam(Headers.PIN);
    List<Upstream> pinned = candidates.stream().filter(u -> u.name().equals(name)).toList();
    if (pinned.isEmpty()) {
      throw GatewayErrors.uploadUpstreamGone();
    }
    return pinned;
  }

  private Client authenticate(HttpServerRequest in, String presented) {
    try {
      return clients.authenticate(presented);
    } catch (GoogleApiException e) {
      audit.clientKeyRefused(in, presented, clients.refusalReason(presented));
      throw e;
    }
  }

  private CompletionStage<ClientAdmission.Permit> admit(
      HttpServerRequest in, Client client, String model) {
    try {
      return this.admission.admit(client, model);
    } catch (GoogleApiException e) {
      // Limits (429) are metrics, not audit events; a model the client may not use is a denial.
      if (e.error().httpStatus() == 403) {
        audit.modelRefused(in, client.name(), model);
      }
      throw e;
    }
  }

  private static GoogleApiException refusal(Throwable failure) {
    GoogleApiException refusal = Causes.find(failure, GoogleApiException.class);
    return refusal != null ? refusal : GatewayErrors.badBearer();
  }

  private void refuse(RoutingContext ctx, GoogleApiException e) {
    ctx.request().resume();
    RouteErrors.write(ctx, mapper, e.error(), e.retryAfter().orElse(null));
  }

  private static boolean hasBody(HttpServerRequest in) {
    return in.getHeader("Content-Length") != null || in.getHeader("Transfer-Encoding") != null;
  }

  /** The path and query as sent, without the client's {@code key} and the gateway's pin. */
  static String upstreamUri(HttpServerRequest in) {
    String query = in.query();
    if (query == null || query.isEmpty()) {
      return in.path();
    }
    StringJoiner kept = new StringJoiner("&");
    for (String part : query.split("&")) {
      if (!part.equals("key") && !part.startsWith("key=") && !part.startsWith(Headers.PIN + "=")) {
        kept.add(part);
      }
    }
    return kept.length() == 0 ? in.path() : in.path() + "?" + kept;
  }
}
