package io.geminiauth.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * What a Gemini API path names: the model (if any) and the method after the colon. Covers the
 * Gemini API ({@code /v1beta/models/gemini-2.5-flash:generateContent}, {@code
 * /v1beta/models/gemini-2.5-flash}) and Vertex AI ({@code
 * /v1/projects/p/locations/l/publishers/google/models/m:method}). A model name holds its method
 * after a colon, which some clients send as {@code %3A}.
 *
 * @param model the model, without {@code models/}; null when the path names none (lists, files)
 * @param method the method ({@code generateContent}), {@code get} for a model, null otherwise
 * @param project for a Vertex AI path ({@code …/projects/{p}/locations/{l}/…}) its project, else
 *     null
 * @param location for a Vertex AI path its location, else null
 */
public record ApiPath(String model, String method, String project, String location) {
  private static final String MODELS = "/models/";

  /** The model methods a Vertex AI upstream can serve when a client calls the Gemini API path. */
  public static final java.util.Set<String> VERTEX_TRANSLATABLE =
      java.util.Set.of("generateContent", "streamGenerateContent", "countTokens");

  public static ApiPath of(String rawPath) {
    String path =
        rawPath.indexOf('%') >= 0 ? URLDecoder.decode(rawPath, StandardCharsets.UTF_8) : rawPath;
    String project = segmentAfter(path, "/projects/");
    String location = project == null ? null : segmentAfter(path, "/locations/");
    if (location == null) {
      project = null;
    }
    int at = path.lastIndexOf(MODELS);
    if (at < 0) {
      return new ApiPath(null, null, project, location);
    }
    String rest = path.substring(at + MODELS.length());
    if (rest.isEmpty() || rest.indexOf('/') >= 0) {
      return new ApiPath(null, null, project, location);
    }
    int colon = rest.indexOf(':');
    return colon < 0
        ? new ApiPath(rest, "get", project, location)
        : new ApiPath(rest.substring(0, colon), rest.substring(colon + 1), project, location);
  }

  /** The path segment after {@code marker} (not at the path's start), or null. */
  private static String segmentAfter(String path, String marker) {
    int at = path.indexOf(marker);
    if (at <= 0) {
      return null;
    }
    int start = at + marker.length();
    int end = path.indexOf('/', start);
    return end <= start ? null : path.substring(start, end);
  }

  /** Whether it is a Vertex AI path ({@code …/projects/{p}/locations/{l}/…}). */
  public boolean vertex() {
    return project != null;
  }

  /** Whether a Vertex AI upstream can serve this Gemini API call under its own path. */
  public boolean translatableToVertex() {
    return project == null && model != null && VERTEX_TRANSLATABLE.contains(method);
  }

  /**
   * The one HTTP method Google serves this path with: {@code POST} for a model's method ({@code
   * :generateContent}), {@code GET} for the model itself; null for paths that take several (files,
   * uploads, lists).
   */
  public String httpMethod() {
    if (model == null) {
      return null;
    }
    return "get".equals(method) ? "GET" : "POST";
  }

  /** Whether the answer is a stream of events. */
  public boolean streaming() {
    return method != null && method.startsWith("stream");
  }
}
