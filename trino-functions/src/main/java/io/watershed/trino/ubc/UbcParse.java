package io.watershed.trino.ubc;

import io.airlift.slice.Slice;
import io.trino.spi.block.SqlRow;
import io.trino.spi.function.Description;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlNullable;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.StandardTypes;
import io.watershed.udfs.internal.UbcParser;

/**
 * {@code ubc_parse(line) -> row(...)}: one raw UBC line (the {@code line} of {@code
 * lake.logs.lines}) to the typed UBC record or a reject reason, by the parser of the Flink UDF of
 * the same name, so both agree on every line. Exactly one of {@code reason} and {@code event_id} is
 * null; a null line is rejected as {@code not_json}.
 */
public final class UbcParse {
  private UbcParse() {}

  @ScalarFunction(value = "ubc_parse")
  @Description(
      "Parses a raw UBC line as the Flink jobs do: the record's fields, or a reject reason")
  @SqlType(ParsedRows.TYPE)
  public static SqlRow parse(@SqlNullable @SqlType(StandardTypes.VARCHAR) Slice line) {
    return ParsedRows.of(UbcParser.parse(line == null ? null : line.toStringUtf8()));
  }
}
