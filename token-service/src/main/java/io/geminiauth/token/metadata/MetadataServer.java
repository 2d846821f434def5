package io.geminiauth.token.metadata;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.token.AccessToken;
import io.geminiauth.token.TokenConfig;
import io.geminiauth.token.audit.TokenAudit;
import io.geminiauth.token.broker.TokenBroker;
import io.geminiauth.token.credential.Credential;
import io.geminiauth.token.credential.CredentialRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The GCE metadata-server protocol on its own listener (sidecar mode, loopback by default), so that
 * unmodified Google client libraries pointed at it with {@code GCE_METADATA_HOST} get the
 * configured accounts' tokens. Like the real server it refuses requests without {@code
 * Metadata-Flavor: Google} or with {@code X-Forwarded-For}, answers every request with {@code
 * Metadata-Flavor: Google}, and speaks plain text except where the real one speaks JSON.
 */
@ApplicationScoped
public class MetadataServer {
  private static final Logger LOG = Logger.getLogger(MetadataServer.class);
  static final String FLAVOR = "Metadata-Flavor";
  static final String GOOGLE = "Google";
  static final String PREFIX = "/computeMetadata/v1";
  static final String ACCOUNTS = PREFIX + "/instance/service-accounts";

  private final TokenConfig.Metadata config;
  private final TokenBroker broker;
  private final CredentialRegistry registry;
  private final Clock clock;
  private final Vertx vertx;
  private final TokenAudit audit;
  private volatile HttpServer server;

  public MetadataServer(
      TokenConfig config,
      TokenBroker broker,
      CredentialRegistry registry,
      Clock clock,
      Vertx vertx,
      TokenAudit audit) {
    this.config = config.metadata();
    this.broker = broker;
    this.registry = registry;
    this.clock = clock;
    this.vertx = vertx;
    this.audit = audit;
  }

  void start(@Observes StartupEvent start) throws Exception {
    if (!config.enabled()) {
      return;
    }
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
            .requestHandler(router())
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    LOG.infof(
        "metadata server listening on %s:%d (GCE_METADATA_HOST=%s:%d)",
        config.host(), server.actualPort(), config.host(), server.actualPort());
  }

  void stop(@Observes ShutdownEvent stop) {
    if (server != null) {
      server.close();
    }
  }

  /** The port it listens on (the configured one, or the one picked for port 0). */
  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(this::guard);
    // The root answers without the header: client libraries ping it to detect GCE.
    router.get("/").handler(ctx -> text(ctx, "computeMetadata/\n"));
    router.get(PREFIX).handler(ctx -> text(ctx, "instance/\nproject/\nuniverse/\n"));
    router.get(PREFIX + "/").handler(ctx -> text(ctx, "instance/\nproject/\nuniverse/\n"));
    // Node's gcp-metadata detects GCE by asking for the instance directory, not the root.
    router.get(PREFIX + "/instance").handler(ctx -> text(ctx, "service-accounts/\n"));
    router.get(PREFIX + "/instance/").handler(ctx -> text(ctx, "service-accounts/\n"));
    router.get(PREFIX + "/project/project-id").handler(this::projectId);
    router
        .get(PREFIX + "/universe/universe-domain")
        .handler(ctx -> text(ctx, config.universeDomain()));
    router.get(ACCOUNTS).handler(this::listAccounts);
    router.get(ACCOUNTS + "/").handler(this::listAccounts);
    router.get(ACCOUNTS + "/:account").handler(this::account);
    router.get(ACCOUNTS + "/:account/").handler(this::account);
    router
        .get(ACCOUNTS + "/:account/email")
        .handler(ctx -> withAccount(ctx, email -> text(ctx, email)));
    router
        .get(ACCOUNTS + "/:account/aliases")
        .handler(ctx -> withAccount(ctx, email -> text(ctx, aliases(email))));
    router
        .get(ACCOUNTS + "/:account/scopes")
        .handler(
            ctx ->
                withAccount(
                    ctx, email -> text(ctx, String.join("\n", config.defaultScopes()) + "\n")));
    router.get(ACCOUNTS + "/:account/token").handler(this::token);
    router.route().last().handler(ctx -> fail(ctx, 404, "Not Found"));
    return router;
  }

  /** What the real server checks before anything else. */
  private void guard(RoutingContext ctx) {
    ctx.response().putHeader(FLAVOR, GOOGLE);
    // Requests relayed by a proxy are refused: the token is for the workload beside us.
    if (ctx.request().getHeader("X-Forwarded-For") != null) {
      refuse(ctx, 403, "Request forbidden: the request carries X-Forwarded-For.");
      return;
    }
    boolean root = "/".equals(ctx.request().path());
    if (!root && !GOOGLE.equals(ctx.request().getHeader(FLAVOR))) {
      refuse(ctx, 403, "Missing required header \"Metadata-Flavor\": \"Google\".");
      return;
    }
    ctx.next();
  }

  /** A refused request: answered as the real server does, and audited, as every denial is. */
  private void refuse(RoutingContext ctx, int code, String message) {
    auditRefusal(ctx, message);
    fail(ctx, code, message);
  }

  private void auditRefusal(RoutingContext ctx, String message) {
    audit.callerRefused(
        principal(ctx), message, remote(ctx), ctx.request().getHeader("User-Agent"));
  }

  /** Who asks: the metadata listener knows callers only by their address. */
  private static String principal(RoutingContext ctx) {
    return "metadata:" + remote(ctx);
  }

  private void projectId(RoutingContext ctx) {
    Optional<String> project =
        config
            .projectId()
            .or(
                () ->
                    config
                        .defaultAccount()
                        .flatMap(registry::find)
                        .map(s -> s.credential())
                        .filter(c -> c instanceof Credential.Key)
                        .map(c -> ((Credential.Key) c).key().projectId()));
    project.ifPresentOrElse(p -> text(ctx, p), () -> fail(ctx, 404, "Not Found"));
  }

  private void listAccounts(RoutingContext ctx) {
    if (recursive(ctx)) {
      // The real server answers the whole tree as one JSON object, "default" included.
      JsonObject tree = new JsonObject();
      config.defaultAccount().ifPresent(email -> tree.put("default", accountTree(email)));
      served().forEach(email -> tree.put(email, accountTree(email)));
      json(ctx, tree);
      return;
    }
    StringBuilder body = new StringBuilder();
    if (config.defaultAccount().isPresent()) {
      body.append("default/\n");
    }
    served().forEach(a -> body.append(a).append("/\n"));
    text(ctx, body.toString());
  }

  private void account(RoutingContext ctx) {
    withAccount(
        ctx,
        email -> {
          if (recursive(ctx)) {
            json(ctx, accountTree(email));
          } else {
            text(ctx, "aliases\nemail\nidentity\nscopes\ntoken\n");
          }
        });
  }

  private static boolean recursive(RoutingContext ctx) {
    return "true".equals(ctx.request().getParam("recursive"));
  }

  /** An account's directory as {@code ?recursive=true} answers it. */
  private JsonObject accountTree(String email) {
    String aliases = aliases(email);
    return new JsonObject()
        .put("aliases", new JsonArray(aliases.isEmpty() ? List.of() : List.of(aliases)))
        .put("email", email)
        .put("scopes", new JsonArray(config.defaultScopes()));
  }

  private void token(RoutingContext ctx) {
    withAccount(
        ctx,
        email -> {
          List<String> scopes = scopes(ctx.request().getParam("scopes"));
          try {
            broker
                .token(email, scopes, principal(ctx))
                .whenComplete(
                    (token, failure) -> {
                      if (failure != null) {
                        tokenFailure(ctx, failure);
                      } else {
                        json(ctx, tokenBody(token));
                      }
                    });
          } catch (GoogleApiException e) {
            // A disabled credential: refused at once, a denial.
            audit.accessDenied(
                principal(ctx),
                email,
                scopes,
                e.error().error().message(),
                remote(ctx),
                ctx.request().getHeader("User-Agent"));
            tokenFailure(ctx, e);
          }
        });
  }

  private JsonObject tokenBody(AccessToken token) {
    return new JsonObject()
        .put("access_token", token.value())
        .put("expires_in", token.remaining(clock.instant()).toSeconds())
        .put("token_type", "Bearer");
  }

  private void tokenFailure(RoutingContext ctx, Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof GoogleApiException g) {
      int code = g.error().error().code();
      Duration retryAfter = g.retryAfter().orElse(null);
      if (retryAfter != null) {
        ctx.response()
            .putHeader("Retry-After", String.valueOf(Math.max(1, retryAfter.toSeconds())));
      }
      fail(ctx, code, g.error().error().message());
    } else {
      fail(ctx, 503, "No token can be had now; retry later.");
    }
  }

  /** Runs {@code then} with the account the path names, or answers 404 like the real server. */
  private void withAccount(RoutingContext ctx, java.util.function.Consumer<String> then) {
    String name = ctx.pathParam("account");
    String email =
        "default".equals(name)
            ? config.defaultAccount().orElse(null)
            : served().contains(name) ? name : null;
    if (email == null) {
      if (ctx.request().path().endsWith("/token")) {
        // A token for an account this listener does not serve: a denial, not a missing page.
        auditRefusal(ctx, "metadata token for an account not served here");
      }
      fail(ctx, 404, "Not Found");
    } else {
      then.accept(email);
    }
  }

  /** The accounts this sidecar serves: the default one and the listed ones. */
  private Set<String> served() {
    Set<String> accounts = new LinkedHashSet<>();
    config.defaultAccount().ifPresent(accounts::add);
    config.accounts().ifPresent(accounts::addAll);
    return accounts;
  }

  private String aliases(String email) {
    return email.equals(config.defaultAccount().orElse(null)) ? "default" : "";
  }

  private List<String> scopes(String param) {
    if (param == null || param.isBlank()) {
      return config.defaultScopes();
    }
    List<String> scopes = new ArrayList<>();
    for (String s : param.split(",")) {
      if (!s.isBlank()) {
        scopes.add(s.trim());
      }
    }
    return scopes.isEmpty() ? config.defaultScopes() : scopes;
  }

  private static String remote(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null
        ? "?"
        : ctx.request().remoteAddress().hostAddress();
  }

  private static void text(RoutingContext ctx, String body) {
    ctx.response().putHeader("Content-Type", "application/text").end(body);
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static void fail(RoutingContext ctx, int status, String message) {
    HttpServerResponse response = ctx.response();
    if (response.ended()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(message + "\n");
  }
}
