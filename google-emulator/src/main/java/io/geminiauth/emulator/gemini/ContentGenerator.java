package io.geminiauth.emulator.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geminiauth.common.error.FieldViolation;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Builds deterministic, real-looking Gemini answers: candidates, {@code usageMetadata}, {@code
 * modelVersion}, {@code responseId}; and validates requests as the API does.
 */
@ApplicationScoped
public class ContentGenerator {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> GENERATE_FIELDS =
      Set.of(
          "contents",
          "tools",
          "toolConfig",
          "safetySettings",
          "systemInstruction",
          "generationConfig",
          "cachedContent",
          "labels",
          "model");
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  public ContentGenerator(Clock clock) {
    this.clock = clock;
  }

  /** A generated answer split into stream chunks (one chunk for a plain call). */
  public record Answer(List<String> pieces, int promptTokens, String finishReason) {
    public int candidateTokens() {
      return pieces.stream().mapToInt(ContentGenerator::tokens).sum();
    }

    public String text() {
      return String.join("", pieces);
    }
  }

  /** Validates a generateContent body and computes the answer. */
  public Answer generate(JsonNode request, Model model, int chunks) {
    requireObject(request);
    checkFields(request, GENERATE_FIELDS, "GenerateContentRequest");
    JsonNode contents = request.get("contents");
    if (contents == null || !contents.isArray() || contents.isEmpty()) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "* GenerateContentRequest.contents: contents is not specified\n",
              new FieldViolation("contents", "contents is not specified")));
    }
    int promptTokens = countPrompt(request);
    String prompt = lastUserText(contents);
    String reply =
        "This is the emulator answering as "
            + model.id()
            + ". You said: \""
            + (prompt.length() > 80 ? prompt.substring(0, 80) + "…" : prompt)
            + "\"";
    int maxTokens = request.path("generationConfig").path("maxOutputTokens").asInt(0);
    String finish = "STOP";
    if (maxTokens > 0 && tokens(reply) > maxTokens) {
      reply = reply.substring(0, Math.min(reply.length(), maxTokens * 4));
      finish = "MAX_TOKENS";
    }
    return new Answer(split(reply, Math.max(1, chunks)), promptTokens, finish);
  }

  /** One {@code GenerateContentResponse} for the given piece of an answer. */
  public ObjectNode response(
      Answer answer, int pieceIndex, Model model, String responseId, boolean vertex) {
    boolean last = pieceIndex == answer.pieces().size() - 1;
    ObjectNode response = NODES.objectNode();
    ObjectNode candidate = response.putArray("candidates").addObject();
    ObjectNode content = candidate.putObject("content");
    content.putArray("parts").addObject().put("text", answer.pieces().get(pieceIndex));
    content.put("role", "model");
    if (last) {
      candidate.put("finishReason", answer.finishReason());
    }
    candidate.put("index", 0);
    int soFar = 0;
    for (int i = 0; i <= pieceIndex; i++) {
      soFar += tokens(answer.pieces().get(i));
    }
    ObjectNode usage = response.putObject("usageMetadata");
    usage.put("promptTokenCount", answer.promptTokens());
    usage.put("candidatesTokenCount", soFar);
    usage.put("totalTokenCount", answer.promptTokens() + soFar);
    usage
        .putArray("promptTokensDetails")
        .addObject()
        .put("modality", "TEXT")
        .put("tokenCount", answer.promptTokens());
    response.put("modelVersion", model.id());
    if (vertex) {
      response.put("createTime", clock.instant().toString());
    }
    response.put("responseId", responseId);
    return response;
  }

  /** {@code countTokens}: accepts {@code contents} or a whole {@code generateContentRequest}. */
  public ObjectNode countTokens(JsonNode request) {
    requireObject(request);
    checkFields(
        request, Set.of("contents", "generateContentRequest", "instances"), "CountTokensRequest");
    JsonNode target =
        request.has("generateContentRequest") ? request.get("generateContentRequest") : request;
    if (!target.path("contents").isArray() || target.path("contents").isEmpty()) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "* CountTokensRequest.contents: contents is not specified\n",
              new FieldViolation("contents", "contents is not specified")));
    }
    int total = countPrompt(target);
    ObjectNode response = NODES.objectNode();
    response.put("totalTokens", total);
    response
        .putArray("promptTokensDetails")
        .addObject()
        .put("modality", "TEXT")
        .put("tokenCount", total);
    return response;
  }

  /** {@code embedContent}'s {@code embedding} object for one content. */
  public ObjectNode embedding(JsonNode request, Model model, String field) {
    requireObject(request);
    checkFields(
        request, Set.of("content", "model", "taskType", "title", "outputDimensionality"), field);
    JsonNode content = request.get("content");
    if (content == null || !content.path("parts").isArray() || content.path("parts").isEmpty()) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "* " + field + ".content: content is not specified\n",
              new FieldViolation("content", "content is not specified")));
    }
    int dimension = request.path("outputDimensionality").asInt(model.embeddingDimension());
    if (dimension < 1 || dimension > 3072) {
      throw new GoogleApiException(
          GoogleError.invalidArgument("outputDimensionality must be between 1 and 3072."));
    }
    ObjectNode embedding = NODES.objectNode();
    ArrayNode values = embedding.putArray("values");
    for (double v : vector(allText(content), dimension)) {
      values.add(v);
    }
    return embedding;
  }

  public String newResponseId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Roughly Gemini's count: a token is about four characters, at least one per text part. */
  static int tokens(String text) {
    return text.isEmpty() ? 0 : Math.max(1, (text.length() + 3) / 4);
  }

  private static int countPrompt(JsonNode request) {
    int total = 0;
    for (JsonNode content : request.path("contents")) {
      total += countParts(content);
    }
    total += countParts(request.path("systemInstruction"));
    return Math.max(total, 1);
  }

  private static int countParts(JsonNode content) {
    int total = 0;
    for (JsonNode part : content.path("parts")) {
      if (part.has("text")) {
        total += tokens(part.get("text").asText());
      } else if (part.has("inlineData") || part.has("fileData")) {
        total += 258; // what Gemini charges for an image
      }
    }
    return total;
  }

  private static String lastUserText(JsonNode contents) {
    String text = "";
    for (JsonNode content : contents) {
      if (!"model".equals(content.path("role").asText("user"))) {
        String t = allText(content);
        if (!t.isEmpty()) {
          text = t;
        }
      }
    }
    return text;
  }

  private static String allText(JsonNode content) {
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content.path("parts")) {
      if (part.has("text")) {
        text.append(part.get("text").asText());
      }
    }
    return text.toString();
  }

  private static List<String> split(String text, int chunks) {
    List<String> pieces = new ArrayList<>();
    int size = (text.length() + chunks - 1) / chunks;
    for (int start = 0; start < text.length(); start += size) {
      pieces.add(text.substring(start, Math.min(text.length(), start + size)));
    }
    if (pieces.isEmpty()) {
      pieces.add("");
    }
    return pieces;
  }

  /** A unit vector derived from the text, so equal texts embed equally. */
  private static double[] vector(String text, int dimension) {
    long seed = 1125899906842597L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      seed = 31 * seed + b;
    }
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    double[] v = new double[dimension];
    double norm = 0;
    for (int i = 0; i < dimension; i++) {
      v[i] = rnd.nextDouble(-1, 1);
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < dimension; i++) {
      v[i] = Math.round(v[i] / norm * 1e6) / 1e6;
    }
    return v;
  }

  private static void requireObject(JsonNode request) {
    if (request == null || !request.isObject()) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "Invalid JSON payload received. Expected an object as the request body."));
    }
  }

  /** Unknown top-level fields are refused the way the API's JSON parser refuses them. */
  private static void checkFields(JsonNode request, Set<String> known, String message) {
    Iterator<String> names = request.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        String text =
            "Invalid JSON payload received. Unknown name \"" + name + "\": Cannot find field.";
        throw new GoogleApiException(
            GoogleError.invalidArgument(text, new FieldViolation("", text)));
      }
    }
  }
}
