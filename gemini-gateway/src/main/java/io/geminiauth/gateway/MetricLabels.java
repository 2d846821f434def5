package io.geminiauth.gateway;

import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Label values for the meters from a bounded set: a client can put any model or method name in a
 * path, and each new value would be a new series set in every Prometheus that scrapes the gateway.
 * A model becomes a label once an upstream served it (answered below 400), at most {@value
 * #MAX_MODELS} of them; any other model is {@value #OTHER}. Methods are the Gemini and Vertex AI
 * API's own; any other is {@value #OTHER}.
 */
@Singleton
public class MetricLabels {
  public static final String OTHER = "other";
  public static final String NONE = "-";
  static final int MAX_MODELS = 100;

  private static final Set<String> METHODS =
      Set.of(
          "get",
          "generateContent",
          "streamGenerateContent",
          "countTokens",
          "embedContent",
          "batchEmbedContents",
          "batchGenerateContent",
          "asyncBatchEmbedContent",
          "predict",
          "predictLongRunning",
          "fetchPredictOperation",
          "rawPredict",
          "streamRawPredict",
          "computeTokens",
          "bidiGenerateContent");

  private final Set<String> models = ConcurrentHashMap.newKeySet();

  /** The label of {@code model} in an answer of {@code status}. */
  public String model(String model, int status) {
    if (model == null) {
      return NONE;
    }
    if (models.contains(model)) {
      return model;
    }
    // Only a model an upstream served is real; the bound holds even if a client finds many.
    if (status < 400 && models.size() < MAX_MODELS && models.add(model)) {
      return model;
    }
    return OTHER;
  }

  /** The label of {@code method}. */
  public static String method(String method) {
    if (method == null) {
      return NONE;
    }
    return METHODS.contains(method) ? method : OTHER;
  }
}
