package io.watershed.udfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.udfs.internal.RuleSets;
import io.watershed.udfs.internal.RulesServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.WithConfigurationOpenContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** ubc_dims called directly, opened with job parameters, against a real rules server. */
class UbcDimsTest {
  private static final Map<String, String> COMMON =
      Map.of("os", " iOS", "app", "shop ", "net", "ETHERNET");
  private static final Map<String, String> EVENT_EXT = Map.of("channel", "sem", "result", "FAIL");

  private static FunctionContext context(String url, String interval, String initialTimeout) {
    Configuration parameters = new Configuration();
    parameters.setString("watershed.rules.url", url);
    parameters.setString("watershed.rules.token", RulesServer.TOKEN);
    parameters.setString("watershed.rules.interval", interval);
    parameters.setString("watershed.rules.initial-timeout", initialTimeout);
    return new FunctionContext(
        null, UbcDimsTest.class.getClassLoader(), new WithConfigurationOpenContext(parameters));
  }

  private static UbcDims open(RulesServer server, String interval) throws Exception {
    UbcDims function = new UbcDims();
    function.open(context(server.url(), interval, "30 s"));
    return function;
  }

  @Test
  void mapsByTheDemoRulesAndCarriesTheVersion() throws Exception {
    try (RulesServer server = new RulesServer()) {
      server.publish(12, RuleSets.demo(12, 30));
      UbcDims function = open(server, "1 h");
      try {
        assertThat(function.eval("ubc_0001", COMMON, EVENT_EXT))
            .isEqualTo(Row.of("ios", "shop", "wired", "search", "fail", "", 12L));
        assertThat(
                function.eval(
                    "ubc_0030",
                    Map.of("net", "3g"),
                    Map.of("channel", "x", "content_type", "LIVE")))
            .isEqualTo(Row.of("-", "-", "cellular", "other", "live", "", 12L));
        assertThat(function.unknownUbcCount()).isZero();
      } finally {
        function.close();
      }
    }
  }

  @Test
  void unknownAndDisabledUbcIdsGiveEmptyDimensionsAndAreCounted() throws Exception {
    try (RulesServer server = new RulesServer()) {
      server.publish(
          3, RuleSets.of(3, List.of(RuleSets.demoUbcId(1, true), RuleSets.demoUbcId(2, false))));
      UbcDims function = open(server, "1 h");
      try {
        assertThat(function.eval("ubc_0002", COMMON, EVENT_EXT))
            .isEqualTo(Row.of("", "", "", "", "", "", 3L));
        assertThat(function.eval("ubc_9999", COMMON, EVENT_EXT))
            .isEqualTo(Row.of("", "", "", "", "", "", 3L));
        assertThat(function.eval(null, null, null)).isEqualTo(Row.of("", "", "", "", "", "", 3L));
        assertThat(function.unknownUbcCount()).isEqualTo(2);
        assertThat(function.disabledUbcCount()).isEqualTo(1);
      } finally {
        function.close();
      }
    }
  }

  @Test
  void aRuleChangeAppliesWithoutReopening() throws Exception {
    try (RulesServer server = new RulesServer()) {
      server.publish(1, RuleSets.of(1, List.of(RuleSets.demoUbcId(1, false))));
      UbcDims function = open(server, "20 ms");
      UbcDims sibling = open(server, "20 ms");
      try {
        assertThat(sibling.client()).isSameAs(function.client());
        assertThat(function.eval("ubc_0001", COMMON, EVENT_EXT).getField(0)).isEqualTo("");
        server.publish(2, RuleSets.of(2, List.of(RuleSets.demoUbcId(1, true))));
        long pulls = function.client().pullsOk();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (function.client().pullsOk() < pulls + 2 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(function.eval("ubc_0001", COMMON, EVENT_EXT))
            .isEqualTo(Row.of("ios", "shop", "wired", "search", "fail", "", 2L));
        assertThat(sibling.eval("ubc_0001", COMMON, EVENT_EXT).getField(6)).isEqualTo(2L);
      } finally {
        function.close();
        sibling.close();
      }
    }
  }

  @Test
  void openFailsNamingTheUrlWhenNoRulesComeInTime() throws Exception {
    try (RulesServer server = new RulesServer()) {
      server.failing(true);
      UbcDims function = new UbcDims();
      assertThatThrownBy(() -> function.open(context(server.url(), "20 ms", "200 ms")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Cannot load the dimension rules from " + server.url());
    }
  }

  @Test
  void openFailsOnMissingSettings() {
    UbcDims function = new UbcDims();
    assertThatThrownBy(() -> function.open(context("", "5 s", "30 s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("watershed.rules.url is not set");
  }

  @Test
  void isNotDeterministicSoThePlannerNeverFoldsIt() {
    assertThat(new UbcDims().isDeterministic()).isFalse();
  }
}
