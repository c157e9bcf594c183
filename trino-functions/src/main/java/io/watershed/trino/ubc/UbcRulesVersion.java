package io.watershed.trino.ubc;

import io.trino.spi.function.Description;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.StandardTypes;

/**
 * {@code ubc_rules_version() -> bigint}: the version of the dimension rules {@code ubc_map} applies
 * now, as the monitor service numbers them ({@code GET /v1/rules/versions}).
 */
public final class UbcRulesVersion {
  private UbcRulesVersion() {}

  @ScalarFunction(value = "ubc_rules_version", deterministic = false)
  @Description("Returns the version of the dimension rules that ubc_map applies now")
  @SqlType(StandardTypes.BIGINT)
  public static long version() {
    return ServerRules.current().version();
  }
}
