package io.geminiauth.emulator.gemini;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.ListModelsConfig;
import com.google.genai.types.Model;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Java GenAI SDK, pointed at the emulator, parses everything it answers. */
@QuarkusTest
class GeminiSdkFidelityTest {
  @TestHTTPResource("/")
  URL base;

  private Client client;

  @BeforeEach
  void client() {
    String key =
        given()
            .contentType("application/json")
            .body("{\"type\":\"AUTH\"}")
            .post("/emulator/api-keys")
            .then()
            .statusCode(200)
            .extract()
            .path("keyString");
    client =
        Client.builder()
            .apiKey(key)
            .httpOptions(HttpOptions.builder().baseUrl(base.toString()).build())
            .build();
  }

  @Test
  void generateContent_parsesTextAndUsage() {
    GenerateContentResponse response =
        client.models.generateContent(
            "gemini-2.5-flash",
            "Say hello",
            GenerateContentConfig.builder().temperature(0.2f).maxOutputTokens(64).build());

    assertThat(response.text()).contains("You said: \"Say hello\"");
    assertThat(response.usageMetadata().orElseThrow().promptTokenCount()).contains(3);
    assertThat(response.usageMetadata().orElseThrow().totalTokenCount().orElseThrow())
        .isGreaterThan(3);
    assertThat(response.modelVersion()).contains("gemini-2.5-flash");
    assertThat(response.finishReason().toString()).isEqualTo("STOP");
  }

  @Test
  void generateContentStream_deliversEveryChunkInOrder() {
    List<String> texts = new ArrayList<>();
    try (ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream("gemini-2.5-flash", "Stream hello", null)) {
      for (GenerateContentResponse chunk : stream) {
        texts.add(chunk.text());
      }
    }

    assertThat(texts).hasSize(3);
    assertThat(String.join("", texts)).contains("You said: \"Stream hello\"");
  }

  @Test
  void countTokens_embeddings_andModels() {
    assertThat(client.models.countTokens("gemini-2.5-flash", "count me", null).totalTokens())
        .contains(2);

    var embeddings =
        client.models.embedContent("gemini-embedding-001", List.of("embed me", "and me"), null);
    assertThat(embeddings.embeddings().orElseThrow()).hasSize(2);
    assertThat(embeddings.embeddings().orElseThrow().get(0).values().orElseThrow()).hasSize(768);

    Model model = client.models.get("gemini-2.5-flash", null);
    assertThat(model.name()).contains("models/gemini-2.5-flash");
    assertThat(model.inputTokenLimit()).contains(1_048_576);

    List<String> names = new ArrayList<>();
    client
        .models
        .list(ListModelsConfig.builder().pageSize(5).build())
        .forEach(m -> names.add(m.name().orElseThrow()));
    assertThat(names).contains("models/gemini-2.5-flash", "models/text-embedding-004").hasSize(7);
  }

  @Test
  void unknownModel_surfacesGoogles404() {
    assertThatThrownBy(() -> client.models.generateContent("gemini-9-ultra", "x", null))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(404);
              assertThat(e.status()).isEqualTo("NOT_FOUND");
              assertThat(e.message()).startsWith("models/gemini-9-ultra is not found");
            });
  }

  @Test
  void invalidKey_surfacesApiKeyInvalid() {
    Client bad =
        Client.builder()
            .apiKey("AQ.not-a-registered-key-000000000000000000")
            .httpOptions(HttpOptions.builder().baseUrl(base.toString()).build())
            .build();

    assertThatThrownBy(() -> bad.models.generateContent("gemini-2.5-flash", "x", null))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.message())
                  .startsWith("API key not valid. Please pass a valid API key.")
                  .contains("\"reason\":\"API_KEY_INVALID\"");
            });
  }
}
