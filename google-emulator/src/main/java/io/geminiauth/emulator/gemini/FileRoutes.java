package io.geminiauth.emulator.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.emulator.http.JsonResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Files API with Google's resumable upload protocol ({@code X-Goog-Upload-Protocol:
 * resumable}): a {@code start} request returns an upload URL, an {@code upload, finalize} request
 * sends the bytes and gets the file resource back. Files live in memory for 48 hours.
 */
@ApplicationScoped
public class FileRoutes {
  private static final long MAX_FILE = 20L * 1024 * 1024;
  private static final Duration FILE_LIFETIME = Duration.ofHours(48);

  private record Pending(String project, String displayName, String mimeType, long declaredSize) {}

  // As in Google's Files API, files and upload sessions are the caller's project's own: another
  // project's key finds none of them.
  private final Map<String, Pending> uploads = new ConcurrentHashMap<>();
  private final Map<String, Map<String, ObjectNode>> filesByProject = new ConcurrentHashMap<>();
  private final GeminiAuthenticator auth;
  private final JsonResponses json;
  private final Clock clock;

  public FileRoutes(GeminiAuthenticator auth, JsonResponses json, Clock clock) {
    this.auth = auth;
    this.json = json;
    this.clock = clock;
  }

  void register(@Observes Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_FILE);
    router
        .routeWithRegex(HttpMethod.POST, "/upload/(v1beta|v1)/files")
        .handler(body)
        .handler(this::upload);
    router.routeWithRegex(HttpMethod.GET, "/(v1beta|v1)/files").handler(this::list);
    router.routeWithRegex(HttpMethod.GET, "/(v1beta|v1)/files/([^/]+)").handler(this::get);
    router.routeWithRegex(HttpMethod.DELETE, "/(v1beta|v1)/files/([^/]+)").handler(this::delete);
  }

  private void upload(RoutingContext ctx) {
    try {
      Caller caller =
          auth.authenticate(
              ctx, "google.ai.generativelanguage.v1beta.FileService.CreateFile", true);
      String command = ctx.request().getHeader("X-Goog-Upload-Command");
      String uploadId = ctx.request().getParam("upload_id");
      if (uploadId == null && command != null && command.trim().equals("start")) {
        start(ctx, caller);
      } else if (uploadId != null && command != null && command.contains("upload")) {
        finish(ctx, caller, uploadId, command.contains("finalize"));
      } else {
        throw new GoogleApiException(
            GoogleError.invalidArgument(
                "Unsupported upload: send X-Goog-Upload-Command: start, then upload, finalize."));
      }
    } catch (GoogleApiException e) {
      json.error(ctx, e);
    }
  }

  private void start(RoutingContext ctx, Caller caller) {
    JsonNode metadata = json.readBody(ctx.body().buffer()).path("file");
    long size = parseLong(ctx.request().getHeader("X-Goog-Upload-Header-Content-Length"));
    if (size < 0 || size > MAX_FILE) {
      throw new GoogleApiException(
          GoogleError.invalidArgument("X-Goog-Upload-Header-Content-Length must be 0 to 20 MB."));
    }
    String mimeType =
        metadata
            .path("mimeType")
            .asText(ctx.request().getHeader("X-Goog-Upload-Header-Content-Type"));
    String id = UUID.randomUUID().toString().replace("-", "");
    uploads.put(
        id,
        new Pending(caller.project(), metadata.path("displayName").asText(null), mimeType, size));
    String base = ctx.request().scheme() + "://" + ctx.request().authority();
    ctx.response()
        .putHeader("X-Goog-Upload-Status", "active")
        .putHeader(
            "X-Goog-Upload-URL",
            base + ctx.normalizedPath() + "?upload_id=" + id + "&upload_protocol=resumable")
        .putHeader("X-Goog-Upload-Chunk-Granularity", "8388608")
        .putHeader("X-Goog-Upload-Control-URL", base + ctx.normalizedPath() + "?upload_id=" + id)
        .setStatusCode(200)
        .end();
  }

  private void finish(RoutingContext ctx, Caller caller, String uploadId, boolean finalize) {
    Pending pending = uploads.get(uploadId);
    if (pending == null || !pending.project().equals(caller.project())) {
      throw new GoogleApiException(GoogleError.notFound("Upload " + uploadId + " does not exist."));
    }
    uploads.remove(uploadId);
    long offset = parseLong(ctx.request().getHeader("X-Goog-Upload-Offset"));
    Buffer bytes = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    if (offset != 0 || !finalize || bytes.length() != pending.declaredSize()) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "The emulator takes an upload in one request at offset 0 whose size matches"
                  + " X-Goog-Upload-Header-Content-Length."));
    }
    Instant now = clock.instant();
    String name = "files/" + uploadId.substring(0, 12);
    ObjectNode file = json.mapper().createObjectNode();
    file.put("name", name);
    if (pending.displayName() != null) {
      file.put("displayName", pending.displayName());
    }
    file.put("mimeType", pending.mimeType());
    file.put("sizeBytes", Long.toString(bytes.length()));
    file.put("createTime", now.toString());
    file.put("updateTime", now.toString());
    file.put("expirationTime", now.plus(FILE_LIFETIME).toString());
    file.put("sha256Hash", Base64.getEncoder().encodeToString(sha256(bytes.getBytes())));
    String base = ctx.request().scheme() + "://" + ctx.request().authority();
    file.put("uri", base + "/v1beta/" + name);
    file.put("state", "ACTIVE");
    file.put("source", "UPLOADED");
    projectFiles(caller).put(name, file);
    ObjectNode answer = json.mapper().createObjectNode();
    answer.set("file", file);
    ctx.response().putHeader("X-Goog-Upload-Status", "final");
    json.ok(ctx, answer);
  }

  private void list(RoutingContext ctx) {
    try {
      Caller caller =
          auth.authenticate(ctx, "google.ai.generativelanguage.v1beta.FileService.ListFiles", true);
      ObjectNode answer = json.mapper().createObjectNode();
      var array = answer.putArray("files");
      projectFiles(caller).values().forEach(array::add);
      json.ok(ctx, answer);
    } catch (GoogleApiException e) {
      json.error(ctx, e);
    }
  }

  private void get(RoutingContext ctx) {
    try {
      Caller caller =
          auth.authenticate(ctx, "google.ai.generativelanguage.v1beta.FileService.GetFile", true);
      json.ok(ctx, file(caller, ctx.pathParam("param1")));
    } catch (GoogleApiException e) {
      json.error(ctx, e);
    }
  }

  private void delete(RoutingContext ctx) {
    try {
      Caller caller =
          auth.authenticate(
              ctx, "google.ai.generativelanguage.v1beta.FileService.DeleteFile", true);
      projectFiles(caller).remove(file(caller, ctx.pathParam("param1")).get("name").asText());
      json.ok(ctx, json.mapper().createObjectNode());
    } catch (GoogleApiException e) {
      json.error(ctx, e);
    }
  }

  /**
   * Refuses a request whose parts name a file ({@code fileData.fileUri}) the caller's project does
   * not hold, with the error Google gives for another project's file.
   */
  void requireReferenced(Caller caller, JsonNode request) {
    for (JsonNode content : request.path("contents")) {
      for (JsonNode part : content.path("parts")) {
        String uri = part.path("fileData").path("fileUri").asText("");
        int at = uri.lastIndexOf("files/");
        if (at >= 0) {
          file(caller, uri.substring(at + "files/".length()));
        }
      }
    }
  }

  private Map<String, ObjectNode> projectFiles(Caller caller) {
    return filesByProject.computeIfAbsent(caller.project(), p -> new ConcurrentHashMap<>());
  }

  private ObjectNode file(Caller caller, String id) {
    ObjectNode file = projectFiles(caller).get("files/" + id);
    if (file == null) {
      throw new GoogleApiException(
          GoogleError.permissionDenied(
              "You do not have permission to access the File " + id + " or it may not exist."));
    }
    return file;
  }

  public void clear() {
    uploads.clear();
    filesByProject.clear();
  }

  private static long parseLong(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
