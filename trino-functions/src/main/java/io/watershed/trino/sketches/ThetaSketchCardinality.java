package io.watershed.trino.sketches;

import io.airlift.slice.Slice;
import io.trino.spi.function.Description;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.StandardTypes;

/**
 * {@code theta_sketch_cardinality(sketch) -> double}: the distinct-count estimate of a serialized
 * Theta sketch, as upstream Trino's function of the same name (a double, not rounded). Null for a
 * null sketch, 0 for zero bytes; bytes that are not a Theta sketch of seed 9001 fail the query with
 * INVALID_FUNCTION_ARGUMENT.
 */
public final class ThetaSketchCardinality {
  private ThetaSketchCardinality() {}

  @ScalarFunction("theta_sketch_cardinality")
  @Description("Returns the estimated number of distinct values of a serialized Theta sketch")
  @SqlType(StandardTypes.DOUBLE)
  public static double cardinality(@SqlType(StandardTypes.VARBINARY) Slice sketch) {
    if (sketch.length() == 0) {
      return 0;
    }
    return ThetaSketches.wrap(sketch).getEstimate();
  }
}
