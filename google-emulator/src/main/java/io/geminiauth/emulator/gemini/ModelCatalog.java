package io.geminiauth.emulator.gemini;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The models the emulator serves, described as the real API lists them. Names starting with a
 * scenario prefix ({@code flaky-}, {@code badkey-}, {@code midstreamerror-}) behave like {@code
 * gemini-2.5-flash} but act out the scenario of the recorded SDK requests (see {@link Scenarios}).
 */
@ApplicationScoped
public class ModelCatalog {
  private static final List<String> GENERATE =
      List.of("generateContent", "countTokens", "createCachedContent", "batchGenerateContent");
  private static final List<String> EMBED =
      List.of("embedContent", "countTextTokens", "countTokens", "batchEmbedContents");

  private final List<Model> models =
      List.of(
          chat("gemini-2.5-flash", "Gemini 2.5 Flash", 1_048_576, 65_536, true),
          chat("gemini-2.5-pro", "Gemini 2.5 Pro", 1_048_576, 65_536, true),
          chat("gemini-2.5-flash-lite", "Gemini 2.5 Flash-Lite", 1_048_576, 65_536, true),
          chat("gemini-2.0-flash", "Gemini 2.0 Flash", 1_048_576, 8_192, false),
          chat("gemini-2.0-flash-lite", "Gemini 2.0 Flash-Lite", 1_048_576, 8_192, false),
          embedding("gemini-embedding-001", "Gemini Embedding 001", 2_048, 768),
          embedding("text-embedding-004", "Text Embedding 004", 2_048, 768));

  private final Map<String, Model> byId =
      models.stream().collect(Collectors.toUnmodifiableMap(Model::id, Function.identity()));

  public List<Model> all() {
    return models;
  }

  /** The model for an id, scenario names included. */
  public Optional<Model> find(String id) {
    Model model = byId.get(id);
    if (model == null && Scenarios.isScenario(id)) {
      Model base = byId.get("gemini-2.5-flash");
      model =
          new Model(
              "models/" + id,
              id,
              base.version(),
              id,
              base.description(),
              base.inputTokenLimit(),
              base.outputTokenLimit(),
              base.supportedGenerationMethods(),
              base.temperature(),
              base.topP(),
              base.topK(),
              base.maxTemperature(),
              base.thinking(),
              0);
    }
    return Optional.ofNullable(model);
  }

  private static Model chat(String id, String display, int input, int output, boolean thinking) {
    return new Model(
        "models/" + id,
        id,
        "001",
        display,
        display + " (emulated)",
        input,
        output,
        concat(GENERATE, "streamGenerateContent"),
        1.0,
        0.95,
        64,
        2.0,
        thinking ? Boolean.TRUE : null,
        0);
  }

  private static Model embedding(String id, String display, int input, int dimension) {
    return new Model(
        "models/" + id,
        id,
        "001",
        display,
        display + " (emulated)",
        input,
        1,
        EMBED,
        null,
        null,
        null,
        null,
        null,
        dimension);
  }

  private static List<String> concat(List<String> list, String extra) {
    return java.util.stream.Stream.concat(list.stream(), java.util.stream.Stream.of(extra))
        .toList();
  }
}
