package io.watershed.udfs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.contracts.Normalisation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSetTest {
  private static RuleSet compile(String json) throws IOException {
    return RuleSet.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String[] dims(
      RuleSet rules, String ubc, Map<String, String> common, Map<String, String> ext) {
    UbcRules ubcRules = rules.rules(ubc);
    String[] values = new String[RuleSet.SLOTS];
    for (int i = 0; i < values.length; i++) {
      values[i] = ubcRules.apply(i, common, ext);
    }
    return values;
  }

  @Test
  void appliesTheDemoRulesOfAnEventLog() throws IOException {
    RuleSet rules = compile(RuleSets.demo(7, 30));
    assertThat(rules.version()).isEqualTo(7);
    assertThat(rules.size()).isEqualTo(30);
    assertThat(
            dims(
                rules,
                "ubc_0001",
                Map.of("os", "  Android ", "app", " Shop ", "net", " WiFi"),
                Map.of("channel", "WeChat", "result", "OK")))
        .containsExactly("android", "Shop", "wifi", "social", "ok", "");
  }

  @Test
  void manyToOneFallsBackToTheDefaultGroup() throws IOException {
    RuleSet rules = compile(RuleSets.demo(1, 3));
    assertThat(
            dims(
                rules,
                "ubc_0003",
                Map.of("os", "ios", "app", "shop", "net", "satellite"),
                Map.of("channel", "billboard", "content_type", " Movie ")))
        .containsExactly("ios", "shop", "other", "other", "long-video", "");
    assertThat(dims(rules, "ubc_0003", Map.of("net", "4G"), Map.of("content_type", "clip")))
        .containsExactly("-", "-", "cellular", "other", "short-video", "");
  }

  @Test
  void missingValuesGiveTheDocumentedDefaults() throws IOException {
    RuleSet rules = compile(RuleSets.demo(1, 1));
    Map<String, String> common = new HashMap<>();
    common.put("os", null);
    common.put("app", "   ");
    assertThat(dims(rules, "ubc_0001", common, null))
        .containsExactly(
            SlotRule.MISSING, SlotRule.MISSING, "other", "other", "-", SlotRule.NO_RULE);
    assertThat(dims(rules, "ubc_0001", null, null))
        .containsExactly("-", "-", "other", "other", "-", "");
  }

  @Test
  void everyNormaliseStepRunsInOrder() throws IOException {
    ObjectNode ubcId = RuleSets.demoUbcId(1, true);
    ubcId
        .putArray("dimensions")
        .add(RuleSets.oneToOne(1, "ext.page", "upper-case"))
        .add(RuleSets.oneToOne(2, "ext.page", "lower-case"))
        .add(RuleSets.oneToOne(3, "ext.page", "trim"))
        .add(RuleSets.oneToOne(4, "ext.page", "upper-case", "trim"))
        .add(RuleSets.oneToOne(6, "ext.page"));
    RuleSet rules = compile(RuleSets.of(3, List.of(ubcId)));
    // The service's steps: Unicode strip (U+2003 em space included), root-locale case mapping.
    Map<String, String> ext = Map.of("page", "\u2003Home Tab ");
    assertThat(dims(rules, "ubc_0001", Map.of(), ext))
        .containsExactly(
            "\u2003HOME TAB ", "\u2003home tab ", "Home Tab", "HOME TAB", "", "\u2003Home Tab ");
    assertThat(dims(rules, "ubc_0001", Map.of(), Map.of("page", "title")))
        .startsWith("TITLE", "title", "title", "TITLE");
  }

  @Test
  void disabledUbcIdsAreKeptAsDisabled() throws IOException {
    RuleSet rules = compile(RuleSets.of(2, List.of(RuleSets.demoUbcId(2, false))));
    assertThat(rules.rules("ubc_0002").enabled()).isFalse();
    assertThat(rules.rules("ubc_0001")).isNull();
    assertThat(rules.rules(null)).isNull();
  }

  @Test
  void aRuleThatCannotBeAppliedExactlyRejectsTheWholeSet() {
    ObjectNode step = RuleSets.demoUbcId(1, true);
    step.putArray("dimensions").add(RuleSets.oneToOne(1, "common.os", "title-case"));
    ObjectNode kind = RuleSets.demoUbcId(2, true);
    kind.putArray("dimensions").add(RuleSets.oneToOne(2, "common.os").put("mapping", "regex"));
    ObjectNode slot = RuleSets.demoUbcId(4, true);
    slot.putArray("dimensions").add(RuleSets.oneToOne(7, "common.os"));
    ObjectNode source = RuleSets.demoUbcId(5, true);
    source.putArray("dimensions").add(RuleSets.oneToOne(1, "header.os"));
    ObjectNode noDefault = RuleSets.demoUbcId(7, true);
    noDefault.putArray("dimensions").add(RuleSets.manyToOne(1, "common.net", "", Map.of()));
    assertThatThrownBy(() -> compile(RuleSets.of(9, List.of(step, kind, slot, source, noDefault))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Cannot apply rules version 9")
        .hasMessageContaining("ubc_0001 slot 1: unknown normalise step 'title-case'")
        .hasMessageContaining("ubc_0002 slot 2: unknown mapping kind 'regex'")
        .hasMessageContaining("ubc_0004 slot 7: slot must be 1..6")
        .hasMessageContaining("ubc_0005 slot 1: source must be common.<name> or ext.<param>")
        .hasMessageContaining("ubc_0007 slot 1: many-to-one without defaultGroup");
  }

  @Test
  void aBodyThatIsNoRuleSetIsRejected() {
    assertThatThrownBy(() -> compile("[]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> compile("{\"ubcIds\": []}")).hasMessageContaining("'version'");
    assertThatThrownBy(() -> compile("{\"version\": 1}")).hasMessageContaining("'ubcIds'");
  }

  @Test
  void theStepsAreTheServicesSteps() {
    assertThat(Arrays.stream(Normalisation.values()).map(Normalisation::wire))
        .containsExactly("trim", "lower-case", "upper-case");
  }
}
