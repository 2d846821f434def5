package io.geminiauth.gateway;

import static io.geminiauth.gateway.GatewayStandIn.CLIENT_KEY;
import static io.geminiauth.gateway.GatewayStandIn.emulator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The official GenAI SDK for JavaScript ({@code @google/genai} from {@code src/test/node}'s lock,
 * installed by the build with {@code npm ci}), unmodified but for its base URL: {@code /v1}, {@code
 * /v1alpha} and {@code /v1beta} through the gateway, a stream, a token count, and a key the gateway
 * does not know.
 */
@QuarkusTest
@QuarkusTestResource(GatewayStandIn.class)
class GatewayJsSdkTest {
  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @Test
  void jsSdk_everyApiVersionStreamAndCount_throughTheGateway() throws Exception {
    long generated = emulator.counter("generateContent:gemini-2.5-flash");
    ProcessBuilder builder =
        new ProcessBuilder("node", "genai-client.mjs")
            .directory(new File("src/test/node"))
            .redirectError(new File("target/node-genai-client.err"));
    builder.environment().put("GATEWAY_URL", "http://127.0.0.1:" + port);
    builder.environment().put("GATEWAY_KEY", CLIENT_KEY);
    Process node = builder.start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue())
        .as(Files.readString(Path.of("target/node-genai-client.err")))
        .isZero();
    JsonNode results = new ObjectMapper().readTree(output);

    for (String version : new String[] {"v1", "v1alpha", "v1beta"}) {
      assertThat(results.path(version).path("ok").asText())
          .as(results.path(version).toString())
          .contains("Hello from " + version);
    }
    assertThat(results.path("stream").path("ok").asInt()).as(output).isGreaterThan(1);
    assertThat(results.path("count").path("ok").asInt()).as(output).isPositive();
    assertThat(results.path("unknownKey").path("status").asInt()).isEqualTo(400);
    assertThat(results.path("unknownKey").path("message").asText()).contains("API key not valid");
    assertThat(emulator.counter("generateContent:gemini-2.5-flash"))
        .as("one upstream call per generate")
        .isEqualTo(generated + 3);
  }
}
