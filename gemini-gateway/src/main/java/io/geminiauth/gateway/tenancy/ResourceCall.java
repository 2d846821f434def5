package io.geminiauth.gateway.tenancy;

import java.util.regex.Pattern;

/**
 * What a call does to the resources of the upstream's Cloud project (files, cached contents,
 * batches), and whether it is one of the calls a Gemini client needs. Files, cached contents and
 * batches in a shared project belong to the client that made them through the gateway; everything
 * outside this list (tuned models, corpora, file search stores, other Vertex AI services) is open
 * to project-wide clients only.
 */
public enum ResourceCall {
  /** A model, a model's method or the model list: nothing of the project's. */
  MODEL,
  /** Makes a resource that the caller then owns: an upload, a cached content, a batch. */
  CREATE,
  /** Lists one kind of resource: a client sees its own. */
  LIST,
  /** Reads, changes or deletes the resource it names: the caller's own only. */
  NAMED,
  /** Not a Gemini client's call. */
  OUTSIDE;

  private static final String VERSION = "/(?:v1|v1beta|v1alpha|v1beta1)";
  private static final String VERTEX = VERSION + "/projects/[^/]+/locations/[^/]+";
  // Gemini API: models/{m}[:method], a long-running model call's operations (video generation);
  // Vertex AI (and its express mode, without project): the publisher models.
  private static final Pattern MODELS =
      Pattern.compile(
          "(?:"
              + VERSION
              + "/models(?:/[^/]+(?:/operations/[^/]+)?)?"
              + "|(?:"
              + VERTEX
              + "|"
              + VERSION
              + ")/publishers/google/models(?:/[^/]+(?:/operations/[^/]+)?)?)");
  private static final Pattern COLLECTION =
      Pattern.compile(
          "(?:"
              + VERSION
              + "/(?:files|cachedContents|batches)|"
              + VERTEX
              + "/(?:cachedContents|batchPredictionJobs))");
  // An id, and a method on it (files/abc:download, batches/b1:cancel).
  private static final Pattern ONE =
      Pattern.compile(
          "(?:"
              + VERSION
              + "/(?:files|cachedContents|batches)|"
              + VERTEX
              + "/(?:cachedContents|batchPredictionJobs))/[A-Za-z0-9_-]+(?::[A-Za-z]+)?");
  private static final Pattern TRAVERSAL =
      Pattern.compile("(?i)%2f|%5c|(?:^|/)(?:%2e|\\.){1,2}(?:/|$)");
  private static final Pattern UPLOAD = Pattern.compile("/upload" + VERSION + "/files");

  /** What {@code method} on {@code path} (decoded, without query) is. */
  public static ResourceCall of(String method, String path) {
    if (geminiModelCall(path) || MODELS.matcher(path).matches()) {
      // A batch is made through its model: models/{m}:batchGenerateContent.
      return "POST".equals(method)
              && (path.endsWith(":batchGenerateContent")
                  || path.endsWith(":asyncBatchEmbedContent"))
          ? CREATE
          : MODEL;
    }
    if (COLLECTION.matcher(path).matches()) {
      return switch (method) {
        case "GET" -> LIST;
        case "POST" -> CREATE;
        default -> OUTSIDE;
      };
    }
    if (ONE.matcher(path).matches()) {
      return NAMED;
    }
    if (UPLOAD.matcher(path).matches() && "POST".equals(method)) {
      return CREATE;
    }
    return OUTSIDE;
  }

  private static final String[] VERSIONS = {"/v1beta", "/v1", "/v1alpha", "/v1beta1"};

  // Most calls are /{version}/models/{model}:{method}: told without a regex or a copy.
  private static boolean geminiModelCall(String path) {
    int at = path.indexOf("/models/");
    if (at < 0 || path.indexOf('/', at + "/models/".length()) >= 0) {
      return false;
    }
    for (String version : VERSIONS) {
      if (version.length() == at && path.startsWith(version)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a raw path hides a slash ({@code %2F}) or steps out of a segment ({@code /../}): the
   * gateway decides on segments, so a path that Google might split or resolve otherwise is refused.
   */
  public static boolean traverses(String rawPath) {
    return (rawPath.indexOf('%') >= 0 || rawPath.indexOf("/.") >= 0)
        && TRAVERSAL.matcher(rawPath).find();
  }

  /** Whether the answer must be read whole before it is relayed (to record or filter names). */
  public boolean readsAnswer() {
    return this == CREATE || this == LIST;
  }
}
