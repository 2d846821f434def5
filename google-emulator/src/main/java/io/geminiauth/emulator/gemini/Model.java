package io.geminiauth.emulator.gemini;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A model as {@code models.get} describes it, plus the emulator's embedding size. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Model(
    String name,
    String baseModelId,
    String version,
    String displayName,
    String description,
    int inputTokenLimit,
    int outputTokenLimit,
    List<String> supportedGenerationMethods,
    Double temperature,
    Double topP,
    Integer topK,
    Double maxTemperature,
    Boolean thinking,
    @JsonIgnore int embeddingDimension) {

  /** The id without the {@code models/} prefix. */
  public String id() {
    return name.substring("models/".length());
  }

  public boolean supports(String method) {
    return supportedGenerationMethods.contains(method);
  }
}
