package io.watershed.infra.udf;

import org.apache.flink.table.functions.ScalarFunction;

/**
 * A user's own function, as udfs/README.md shows: UserJobsIT packs this one class into a jar on
 * HDFS, so the cluster can load it only through {@code CREATE FUNCTION ... USING JAR}.
 */
public final class Shout extends ScalarFunction {
  public String eval(String text) {
    return text == null ? null : text.toUpperCase(java.util.Locale.ROOT) + "!";
  }
}
