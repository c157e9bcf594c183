package io.watershed.trino.sketches;

import io.trino.spi.Plugin;
import java.util.Set;

/**
 * Global functions over Apache DataSketches Theta sketches, named as upstream Trino's datasketches
 * connector names them, for Trino servers that lack it (476).
 */
public final class WatershedSketchesPlugin implements Plugin {
  @Override
  public Set<Class<?>> getFunctions() {
    return Set.of(ThetaSketchUnion.class, ThetaSketchCardinality.class);
  }
}
