package io.geminiauth.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert and recording rules in deploy/prometheus are valid for Prometheus and do what their
 * unit tests say (promtool from Debian's prometheus package; .ci/run installs it).
 */
class PrometheusRulesTest {
  static final Path DIR = Path.of("..", "deploy", "prometheus");

  @Test
  void rulesParse() throws Exception {
    assertThat(promtool("check", "rules", "rules.yml")).contains("SUCCESS");
  }

  @Test
  void everyAlertsUnitTestPasses() throws Exception {
    assertThat(promtool("test", "rules", "tests/rules-test.yml")).contains("SUCCESS");
  }

  private static String promtool(String... arguments) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("promtool"));
    command.addAll(List.of(arguments));
    Process process;
    try {
      process =
          new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(
          "promtool is needed (Debian: apt-get install prometheus; .ci/run installs it)", e);
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
