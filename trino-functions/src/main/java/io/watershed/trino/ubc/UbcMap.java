package io.watershed.trino.ubc;

import static io.trino.spi.StandardErrorCode.INVALID_FUNCTION_ARGUMENT;

import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.trino.spi.TrinoException;
import io.trino.spi.function.Description;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlNullable;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.StandardTypes;
import io.watershed.udfs.internal.RuleSet;
import io.watershed.udfs.internal.SlotRule;
import io.watershed.udfs.internal.UbcRules;

/**
 * {@code ubc_map(ubc, slot, value) -> varchar}: what the Flink UDF {@code ubc_dims} writes into
 * dimension {@code slot} (1..6, or {@code 'd1'}..{@code 'd6'}) of a record of UBC ID {@code ubc}
 * whose source value is {@code value}, by the monitor service's current rules: the normalise steps,
 * then the value itself (one-to-one; {@code '-'} when missing or empty) or its group (many-to-one;
 * the default group when missing or not in the table). {@code ''} for a slot without rule and for a
 * UBC ID the rules lack or have disabled, as in the lake's {@code d1..d6} columns.
 *
 * <p>Where the rules come from is the server's configuration ({@link ServerRules}). Not
 * deterministic: the same call maps differently after a rule change.
 */
public final class UbcMap {
  private static final String DESCRIPTION =
      "Maps a source value to dimension slot 1..6 of a UBC ID by the monitor service's current"
          + " rules";

  private UbcMap() {}

  @ScalarFunction(value = "ubc_map", deterministic = false)
  @Description(DESCRIPTION)
  @SqlType(StandardTypes.VARCHAR)
  public static Slice bySlot(
      @SqlNullable @SqlType(StandardTypes.VARCHAR) Slice ubc,
      @SqlType(StandardTypes.BIGINT) long slot,
      @SqlNullable @SqlType(StandardTypes.VARCHAR) Slice value) {
    if (slot < 1 || slot > RuleSet.SLOTS) {
      throw badSlot(Long.toString(slot));
    }
    return map(ubc, (int) slot, value);
  }

  @ScalarFunction(value = "ubc_map", deterministic = false)
  @Description(DESCRIPTION)
  @SqlType(StandardTypes.VARCHAR)
  public static Slice byColumn(
      @SqlNullable @SqlType(StandardTypes.VARCHAR) Slice ubc,
      @SqlType(StandardTypes.VARCHAR) Slice column,
      @SqlNullable @SqlType(StandardTypes.VARCHAR) Slice value) {
    String name = column.toStringUtf8().strip().toLowerCase(java.util.Locale.ROOT);
    String digits = name.startsWith("d") ? name.substring(1) : name;
    if (digits.length() != 1 || digits.charAt(0) < '1' || digits.charAt(0) > '0' + RuleSet.SLOTS) {
      throw badSlot("'" + column.toStringUtf8() + "'");
    }
    return map(ubc, digits.charAt(0) - '0', value);
  }

  static Slice map(Slice ubc, int slot, Slice value) {
    UbcRules rules = ServerRules.current().rules(ubc == null ? null : ubc.toStringUtf8());
    if (rules == null || !rules.enabled()) {
      return Slices.utf8Slice(SlotRule.NO_RULE);
    }
    return Slices.utf8Slice(
        rules.applyToValue(slot - 1, value == null ? null : value.toStringUtf8()));
  }

  private static TrinoException badSlot(String given) {
    String shown = given.length() > 40 ? given.substring(0, 40) + "..." : given;
    return new TrinoException(
        INVALID_FUNCTION_ARGUMENT,
        "Cannot map to dimension slot %s: a slot is 1..%d or 'd1'..'d%d'"
            .formatted(shown, RuleSet.SLOTS, RuleSet.SLOTS));
  }
}
