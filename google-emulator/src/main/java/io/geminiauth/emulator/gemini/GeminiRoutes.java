package io.geminiauth.emulator.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.emulator.EmulatorConfig;
import io.geminiauth.emulator.fault.Fault;
import io.geminiauth.emulator.fault.FaultInjectionFilter;
import io.geminiauth.emulator.http.JsonResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The Gemini API (and its Vertex AI twin) on plain Vert.x routes: non-blocking, with full control
 * of the bytes on the wire, so it is never the bottleneck of a benchmark.
 */
@ApplicationScoped
public class GeminiRoutes {
  private static final String VERSION = "(v1|v1beta|v1alpha)";
  private static final String VERTEX_VERSION = "(v1|v1beta1)";
  private static final long MAX_BODY = 20L * 1024 * 1024;

  private final GeminiAuthenticator auth;
  private final ModelCatalog catalog;
  private final ContentGenerator generator;
  private final StreamWriter streams;
  private final Scenarios scenarios;
  private final JsonResponses json;
  private final EmulatorConfig config;
  private final FileRoutes files;

  public GeminiRoutes(
      GeminiAuthenticator auth,
      ModelCatalog catalog,
      ContentGenerator generator,
      StreamWriter streams,
      Scenarios scenarios,
      JsonResponses json,
      EmulatorConfig config,
      FileRoutes files) {
    this.auth = auth;
    this.catalog = catalog;
    this.generator = generator;
    this.streams = streams;
    this.scenarios = scenarios;
    this.json = json;
    this.config = config;
    this.files = files;
  }

  void register(@Observes Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    router
        .routeWithRegex(HttpMethod.POST, "/" + VERSION + "/models/([^/]+)")
        .handler(body)
        .handler(ctx -> call(ctx, ctx.pathParam("param0"), ctx.pathParam("param1"), false, true));
    router
        .routeWithRegex(
            HttpMethod.POST,
            "/"
                + VERTEX_VERSION
                + "/projects/([^/]+)/locations/([^/]+)/publishers/google/models/([^/]+)")
        .handler(body)
        .handler(ctx -> call(ctx, ctx.pathParam("param0"), ctx.pathParam("param3"), true, false));
    router
        .routeWithRegex(HttpMethod.POST, "/" + VERTEX_VERSION + "/publishers/google/models/([^/]+)")
        .handler(body)
        .handler(ctx -> call(ctx, ctx.pathParam("param0"), ctx.pathParam("param1"), true, true));
    router
        .routeWithRegex(HttpMethod.GET, "/" + VERSION + "/models")
        .handler(ctx -> list(ctx, ctx.pathParam("param0")));
    router
        .routeWithRegex(HttpMethod.GET, "/" + VERSION + "/models/([^/:]+)")
        .handler(ctx -> get(ctx, ctx.pathParam("param0"), ctx.pathParam("param1")));
  }

  private void call(
      RoutingContext ctx, String version, String target, boolean vertex, boolean apiKeyAllowed) {
    try {
      int colon = target.indexOf(':');
      if (colon < 0) {
        throw notFound("Method not found: POST " + ctx.normalizedPath() + ".");
      }
      String modelId = target.substring(0, colon);
      String method = target.substring(colon + 1);
      if (modelId.isEmpty() || method.isEmpty()) {
        // "models/gemini-2.5-flash:" names no method: Google's 404, not a failure of ours.
        throw notFound("Method not found: POST " + ctx.normalizedPath() + ".");
      }
      Caller caller = auth.authenticate(ctx, rpcName(version, method), apiKeyAllowed);
      Model model =
          catalog
              .find(modelId)
              .filter(m -> m.supports(method))
              .orElseThrow(
                  () ->
                      notFound(
                          "models/"
                              + modelId
                              + " is not found for API version "
                              + version
                              + ", or is not supported for "
                              + method
                              + ". Call ListModels to see the list of available models and their"
                              + " supported methods."));
      scenarios.before(modelId);
      JsonNode request = json.readBody(ctx.body().buffer());
      files.requireReferenced(caller, request);
      switch (method) {
        case "generateContent" -> {
          ContentGenerator.Answer answer = generator.generate(request, model, 1);
          json.ok(ctx, generator.response(answer, 0, model, generator.newResponseId(), vertex));
        }
        case "streamGenerateContent" -> stream(ctx, request, model, version, vertex);
        case "countTokens" -> json.ok(ctx, generator.countTokens(request));
        case "embedContent" -> {
          ObjectNode answer = json.mapper().createObjectNode();
          answer.set("embedding", generator.embedding(request, model, "EmbedContentRequest"));
          json.ok(ctx, answer);
        }
        case "batchEmbedContents" -> json.ok(ctx, batchEmbed(request, model));
        default -> throw notFound("Method not found: " + method + ".");
      }
    } catch (GoogleApiException e) {
      json.error(ctx, e);
    }
  }

  private void stream(
      RoutingContext ctx, JsonNode request, Model model, String version, boolean vertex) {
    ContentGenerator.Answer answer =
        generator.generate(request, model, config.gemini().streamChunks());
    String responseId = generator.newResponseId();
    List<Buffer> chunks = new ArrayList<>();
    for (int i = 0; i < answer.pieces().size(); i++) {
      chunks.add(json.bytes(generator.response(answer, i, model, responseId, vertex)));
    }
    Fault fault = ctx.get(FaultInjectionFilter.STREAM_FAULT);
    if (fault == null) {
      fault = scenarios.streamFault(model.id()).orElse(null);
    }
    boolean sse = "sse".equals(ctx.request().getParam("alt"));
    streams.stream(ctx, chunks, sse, config.gemini().streamGap(), fault);
  }

  private ObjectNode batchEmbed(JsonNode request, Model model) {
    JsonNode requests = request == null ? null : request.get("requests");
    if (requests == null || !requests.isArray() || requests.isEmpty()) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "* BatchEmbedContentsRequest.requests: requests is not specified\n"));
    }
    ObjectNode answer = json.mapper().createObjectNode();
    var embeddings = answer.putArray("embeddings");
    for (int i = 0; i < requests.size(); i++) {
      JsonNode one = requests.get(i);
      String named = one.path("model").asText(model.name());
      if (!named.equals(model.name())) {
        throw new GoogleApiException(
            GoogleError.invalidArgument(
                "Model name in requests["
                    + i
                    + "] ("
                    + named
                    + ") does not match the model in the URL ("
                    + model.name()
                    + ")."));
      }
      embeddings.add(
          generator.embedding(one, model, "BatchEmbedContentsRequest.requests[" + i + "]"));
    }
    return answer;
  }

  private void list(RoutingContext ctx, String version) {
    try {
      auth.authenticate(ctx, rpcName(version, "listModels"), true);
      int pageSize = intParam(ctx, "pageSize", 50);
      int offset = 0;
      String pageToken = ctx.request().getParam("pageToken");
      if (pageToken != null && !pageToken.isEmpty()) {
        try {
          offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(pageToken)));
        } catch (IllegalArgumentException e) {
          throw new GoogleApiException(GoogleError.invalidArgument("Invalid page token."));
        }
      }
      List<Model> all = catalog.all();
      int end = Math.min(all.size(), offset + Math.max(1, Math.min(pageSize, 1000)));
      ObjectNode answer = json.mapper().createObjectNode();
      answer.set("models", json.mapper().valueToTree(all.subList(Math.min(offset, end), end)));
      if (end < all.size()) {
        answer.put(
            "nextPageToken",
            Base64.getUrlEncoder().encodeToString(Integer.toString(end).getBytes()));
      }
      json.ok(ctx, answer);
    } catch (GoogleApiException e) {
      json.error(ctx, e);
    }
  }

  private void get(RoutingContext ctx, String version, String modelId) {
    try {
      auth.authenticate(ctx, rpcName(version, "getModel"), true);
      Model model =
          catalog
              .find(modelId)
              .orElseThrow(
                  () ->
                      notFound(
                          "models/" + modelId + " is not found for API version " + version + "."));
      json.ok(ctx, model);
    } catch (GoogleApiException e) {
      json.error(ctx, e);
    }
  }

  private static int intParam(RoutingContext ctx, String name, int fallback) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new GoogleApiException(GoogleError.invalidArgument(name + " must be an integer."));
    }
  }

  /**
   * The RPC name Google puts in errors, e.g. {@code ...v1beta.GenerativeService.GenerateContent}.
   */
  static String rpcName(String version, String method) {
    String service =
        method.toLowerCase(Locale.ROOT).contains("model") ? "ModelService" : "GenerativeService";
    return "google.ai.generativelanguage."
        + version
        + "."
        + service
        + "."
        + Character.toUpperCase(method.charAt(0))
        + method.substring(1);
  }

  private static GoogleApiException notFound(String message) {
    return new GoogleApiException(GoogleError.notFound(message));
  }
}
