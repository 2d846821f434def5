package io.geminiauth.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricLabelsTest {
  final MetricLabels labels = new MetricLabels();

  @Test
  void model_servedOnce_keepsItsName_evenInLaterErrors() {
    assertThat(labels.model("gemini-2.5-flash", 200)).isEqualTo("gemini-2.5-flash");
    assertThat(labels.model("gemini-2.5-flash", 429)).isEqualTo("gemini-2.5-flash");
  }

  @Test
  void model_neverServed_isOther() {
    assertThat(labels.model("gemini-made-up", 404)).isEqualTo(MetricLabels.OTHER);
    assertThat(labels.model(null, 200)).isEqualTo(MetricLabels.NONE);
  }

  @Test
  void models_boundedEvenWhenServed() {
    for (int i = 0; i < MetricLabels.MAX_MODELS; i++) {
      assertThat(labels.model("m-" + i, 200)).isEqualTo("m-" + i);
    }
    assertThat(labels.model("one-too-many", 200)).isEqualTo(MetricLabels.OTHER);
    assertThat(labels.model("m-0", 200)).isEqualTo("m-0");
  }

  @Test
  void method_fromTheApisList() {
    assertThat(MetricLabels.method("streamGenerateContent")).isEqualTo("streamGenerateContent");
    assertThat(MetricLabels.method("get")).isEqualTo("get");
    assertThat(MetricLabels.method("dropTables")).isEqualTo(MetricLabels.OTHER);
    assertThat(MetricLabels.method(null)).isEqualTo(MetricLabels.NONE);
  }
}
