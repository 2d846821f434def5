package io.geminiauth.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards without Grafana (it cannot be installed here): each is a dashboard with a
 * uid and title, every panel has a unique id, a title, a place on the grid and Prometheus queries,
 * and promtool parses every query (as a recording rule, which it checks like any expression).
 */
class GrafanaDashboardsTest {
  static final Path DIR = Path.of("..", "deploy", "grafana");

  @Test
  void everyPanelHasATitleAPlaceAndAQueryThatPrometheusParses() throws Exception {
    List<String> queries = new ArrayList<>();
    try (var files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
        assertThat(dashboard.path("uid").asText()).as(file + " uid").isNotBlank();
        assertThat(dashboard.path("title").asText()).as(file + " title").isNotBlank();
        Set<Integer> ids = new HashSet<>();
        assertThat(dashboard.path("panels")).as(file + " panels").isNotEmpty();
        for (JsonNode panel : dashboard.path("panels")) {
          String title = panel.path("title").asText();
          assertThat(title).as("a panel of " + file).isNotBlank();
          assertThat(ids.add(panel.path("id").asInt())).as("unique id: " + title).isTrue();
          assertThat(panel.path("gridPos").path("w").asInt()).as(title).isPositive();
          assertThat(panel.path("targets")).as(title + " queries").isNotEmpty();
          for (JsonNode target : panel.path("targets")) {
            assertThat(target.path("expr").asText()).as(title).isNotBlank();
            queries.add(target.path("expr").asText());
          }
        }
      }
    }
    assertThat(queries).isNotEmpty();

    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
    for (int i = 0; i < queries.size(); i++) {
      rules
          .append("      - record: dashboard:query_")
          .append(i)
          .append("\n        expr: ")
          .append(new ObjectMapper().writeValueAsString(queries.get(i)))
          .append('\n');
    }
    Path file =
        Files.createTempFile(Files.createDirectories(Path.of("target")), "dashboard", ".yml");
    Files.writeString(file, rules);
    Process check =
        new ProcessBuilder("promtool", "check", "rules", file.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.exitValue()).as(output).isZero();
    assertThat(output).contains("SUCCESS: " + queries.size() + " rules found");
  }
}
