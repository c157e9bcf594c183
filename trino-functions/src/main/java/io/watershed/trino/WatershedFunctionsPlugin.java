package io.watershed.trino;

import io.trino.spi.Plugin;
import io.watershed.trino.sketches.ThetaSketchCardinality;
import io.watershed.trino.sketches.ThetaSketchUnion;
import io.watershed.trino.ubc.UbcMap;
import io.watershed.trino.ubc.UbcParse;
import io.watershed.trino.ubc.UbcRulesVersion;
import java.util.Set;

/**
 * Global functions for ad-hoc queries over the lake: Apache DataSketches Theta sketches, named as
 * upstream Trino's datasketches connector names them (Trino 476 lacks it), and the UBC functions of
 * the Flink jobs (the same parser and dimension rules) for raw {@code logs.lines} records.
 */
public final class WatershedFunctionsPlugin implements Plugin {
  @Override
  public Set<Class<?>> getFunctions() {
    return Set.of(
        ThetaSketchUnion.class,
        ThetaSketchCardinality.class,
        UbcParse.class,
        UbcMap.class,
        UbcRulesVersion.class);
  }
}
