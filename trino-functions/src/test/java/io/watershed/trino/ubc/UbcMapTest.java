package io.watershed.trino.ubc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.trino.spi.TrinoException;
import io.watershed.udfs.internal.RuleSets;
import io.watershed.udfs.internal.RulesServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ubc_map and ubc_rules_version called as Trino calls them, with the server's rules from the Flink
 * side's rules server fake and rule sets (udfs' test-jar), so both map the same values alike: the
 * expectations are those of the Flink UDF's UbcDimsTest.
 */
class UbcMapTest {
  private static RulesServer server;

  @BeforeAll
  static void startRulesServer() throws Exception {
    server = new RulesServer();
    server.publish(12, RuleSets.demo(12, 30));
    // The server's configuration: this JVM's system properties, read on the first call.
    System.setProperty(ServerRules.URL, server.url() + "/");
    System.setProperty(ServerRules.TOKEN, RulesServer.TOKEN);
    System.setProperty(ServerRules.INTERVAL, "100ms");
  }

  @AfterAll
  static void stopRulesServer() {
    if (server != null) {
      server.close();
    }
  }

  private static String map(String ubc, long slot, String value) {
    Slice mapped = UbcMap.bySlot(slice(ubc), slot, slice(value));
    String byColumn = UbcMap.byColumn(slice(ubc), slice("d" + slot), slice(value)).toStringUtf8();
    assertThat(byColumn).isEqualTo(mapped.toStringUtf8());
    return mapped.toStringUtf8();
  }

  private static Slice slice(String value) {
    return value == null ? null : Slices.utf8Slice(value);
  }

  @Test
  void mapsAsTheFlinkUdfMapsTheDemoRules() {
    // UbcDimsTest: ubc_0001 with os " iOS", app "shop ", net "ETHERNET", channel "sem", result
    // "FAIL" -> ios, shop, wired, search, fail, ''.
    assertThat(
            List.of(
                map("ubc_0001", 1, " iOS"),
                map("ubc_0001", 2, "shop "),
                map("ubc_0001", 3, "ETHERNET"),
                map("ubc_0001", 4, "sem"),
                map("ubc_0001", 5, "FAIL"),
                map("ubc_0001", 6, "anything")))
        .containsExactly("ios", "shop", "wired", "search", "fail", "");
    // ubc_0030 (a flow) with no os, no app, net "3g", channel "x", content_type "LIVE".
    assertThat(
            List.of(
                map("ubc_0030", 1, null),
                map("ubc_0030", 2, null),
                map("ubc_0030", 3, "3g"),
                map("ubc_0030", 4, "x"),
                map("ubc_0030", 5, "LIVE")))
        .containsExactly("-", "-", "cellular", "other", "live");
  }

  @Test
  void manyToOneGivesTheDefaultGroupForMissingAndUnknownValues() {
    assertThat(map("ubc_0002", 3, null)).isEqualTo("other");
    assertThat(map("ubc_0002", 3, "satellite")).isEqualTo("other");
    assertThat(map("ubc_0002", 3, " WiFi ")).isEqualTo("wifi");
    assertThat(map("ubc_0002", 1, "  ")).isEqualTo("-");
  }

  @Test
  void unknownUbcIdsGiveEmptyDimensions() {
    assertThat(map("ubc_9999", 1, "ios")).isEmpty();
    assertThat(map(null, 3, "wifi")).isEmpty();
  }

  @Test
  void aNewRuleVersionAppliesWithoutARestart() throws Exception {
    assertThat(UbcRulesVersion.version()).isGreaterThanOrEqualTo(12);
    ObjectNode changed = RuleSets.demoUbcId(1, true);
    ((ArrayNode) changed.get("dimensions"))
        .set(2, RuleSets.manyToOne(3, "common.net", "none", Map.of("wifi", "wlan")));
    server.publish(13, RuleSets.of(13, List.of(changed, RuleSets.demoUbcId(2, false))));
    try {
      awaitVersion(13);
      assertThat(map("ubc_0001", 3, " WIFI")).isEqualTo("wlan");
      assertThat(map("ubc_0001", 3, "3g")).isEqualTo("none");
      assertThat(map("ubc_0001", 1, "iOS")).isEqualTo("ios");
      assertThat(map("ubc_0002", 3, "wifi")).as("disabled").isEmpty();
      assertThat(map("ubc_0004", 3, "wifi")).as("no longer in the rules").isEmpty();
    } finally {
      server.publish(14, RuleSets.demo(14, 30));
      awaitVersion(14);
    }
  }

  /** Waits for the pull that brings {@code version} (the client pulls every 100 ms here). */
  private static void awaitVersion(long version) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (UbcRulesVersion.version() != version && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(UbcRulesVersion.version()).isEqualTo(version);
  }

  @Test
  void aSlotOutsideOneToSixIsTheCallersError() {
    assertThatThrownBy(() -> UbcMap.bySlot(slice("ubc_0001"), 7, slice("x")))
        .isInstanceOf(TrinoException.class)
        .hasMessage("Cannot map to dimension slot 7: a slot is 1..6 or 'd1'..'d6'");
    assertThatThrownBy(() -> UbcMap.byColumn(slice("ubc_0001"), slice("os"), slice("x")))
        .isInstanceOf(TrinoException.class)
        .hasMessage("Cannot map to dimension slot 'os': a slot is 1..6 or 'd1'..'d6'");
    assertThat(UbcMap.byColumn(slice("ubc_0001"), slice(" D1"), slice("Android")).toStringUtf8())
        .isEqualTo("android");
  }

  @Test
  void aServerWithoutRulesUrlFailsWithAClearError() {
    assertThatThrownBy(() -> ServerRules.settings(new Properties()))
        .isInstanceOf(TrinoException.class)
        .hasMessage(
            "Cannot map with the dimension rules: the Trino server has no watershed.rules.url:"
                + " start it with -Dwatershed.rules.url=<monitor service URL> and"
                + " -Dwatershed.rules.token=<agent token> (the stack does)")
        .extracting(e -> ((TrinoException) e).getErrorCode().getName())
        .isEqualTo("WATERSHED_RULES_NOT_CONFIGURED");
  }

  @Test
  void badSettingsNameTheirKeyAndValue() {
    Properties properties = new Properties();
    properties.putAll(Map.of(ServerRules.URL, "ftp://monitor"));
    assertThatThrownBy(() -> ServerRules.settings(properties))
        .hasMessage(
            "Cannot map with the dimension rules: watershed.rules.url = 'ftp://monitor': must be an"
                + " http or https URL");
    properties.putAll(
        Map.of(ServerRules.URL, "http://monitor:8070/", ServerRules.INTERVAL, "soon"));
    assertThatThrownBy(() -> ServerRules.settings(properties))
        .hasMessage(
            "Cannot map with the dimension rules: watershed.rules.interval = 'soon': not a positive"
                + " duration such as 5s, 500ms or 1m");
    properties.putAll(Map.of(ServerRules.INTERVAL, "2s", ServerRules.TOKEN, " t "));
    var settings = ServerRules.settings(properties);
    assertThat(settings.url()).isEqualTo("http://monitor:8070");
    assertThat(settings.token()).isEqualTo("t");
    assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(2));
  }
}
