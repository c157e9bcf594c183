package io.watershed.trino;

import static org.assertj.core.api.Assertions.assertThat;

import io.trino.spi.Plugin;
import io.watershed.trino.sketches.ThetaSketchCardinality;
import io.watershed.trino.sketches.ThetaSketchUnion;
import io.watershed.trino.ubc.UbcMap;
import io.watershed.trino.ubc.UbcParse;
import io.watershed.trino.ubc.UbcRulesVersion;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class WatershedFunctionsPluginTest {
  @Test
  void pluginIsFoundByServiceLoaderAndListsEveryFunction() {
    assertThat(ServiceLoader.load(Plugin.class))
        .singleElement()
        .satisfies(
            plugin ->
                assertThat(plugin.getFunctions())
                    .containsExactlyInAnyOrder(
                        ThetaSketchUnion.class,
                        ThetaSketchCardinality.class,
                        UbcParse.class,
                        UbcMap.class,
                        UbcRulesVersion.class));
  }
}
