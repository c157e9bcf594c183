package io.watershed.monitor.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.contracts.Normalisation;
import io.watershed.monitor.internal.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo rule set passes the same validation as rules sent to the API. */
class DemoRulesTest {
  @Test
  void thirtyUbcIdsMixingEventsAndFlows() {
    Map<UbcId, List<Dimension>> rules = DemoRules.rules();
    assertThat(rules.keySet().stream().map(UbcId::id).toList())
        .hasSize(30)
        .startsWith("ubc_0001", "ubc_0002")
        .endsWith("ubc_0030");
    assertThat(rules.keySet().stream().filter(u -> u.logType() == LogType.FLOW).count())
        .isEqualTo(10);
    assertThat(rules.keySet().stream().map(UbcId::name).distinct().count()).isEqualTo(30);
  }

  @Test
  void everyDimensionIsValid() {
    DemoRules.rules()
        .forEach(
            (ubcId, dimensions) -> {
              assertThat(dimensions).hasSizeLessThanOrEqualTo(Dimension.MAX_SLOTS);
              assertThat(ubcId.metrics().stream().anyMatch(Metric::flowOnly))
                  .isEqualTo(ubcId.logType() == LogType.FLOW);
              for (Dimension dimension : dimensions) {
                List<Violation> violations = new ArrayList<>();
                RuleValidator.sourceField(ubcId, dimension, violations);
                assertThat(violations).as(ubcId.id() + " " + dimension.column()).isEmpty();
                if (dimension.mapping() == MappingKind.MANY_TO_ONE) {
                  assertThat(dimension.defaultGroup()).isNotBlank();
                  assertThat(dimension.groups().stream().map(Dimension.GroupMapping::value))
                      .doesNotHaveDuplicates()
                      .allMatch(
                          value ->
                              value.equals(Normalisation.applyAll(dimension.normalise(), value)));
                }
              }
            });
  }

  @Test
  void usesCommonAndBusinessParametersWithManyToOneMappings() {
    List<Dimension> first = DemoRules.rules().values().iterator().next();
    assertThat(first.stream().map(Dimension::source))
        .containsExactly("common.os", "common.app", "common.net", "ext.channel", "ext.result");
    assertThat(
            first.stream()
                .filter(d -> d.mapping() == MappingKind.MANY_TO_ONE)
                .map(Dimension::source))
        .containsExactly("common.net", "ext.channel");
  }
}
