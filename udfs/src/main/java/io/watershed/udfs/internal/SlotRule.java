package io.watershed.udfs.internal;

import static java.util.Objects.requireNonNull;

import io.watershed.contracts.Normalisation;
import java.util.Map;

/**
 * One compiled dimension slot: reads its source value, runs the normalise steps, then keeps the
 * value (one-to-one) or looks it up (many-to-one). Immutable; allocates nothing beyond what the
 * normalise steps create.
 */
public final class SlotRule {
  /** The value of a slot that has no rule, and of every slot of an unknown or disabled UBC ID. */
  public static final String NO_RULE = "";

  /** The value of a one-to-one slot whose source value is missing or empty after normalising. */
  public static final String MISSING = "-";

  static final SlotRule NONE = new SlotRule(false, null, new Normalisation[0], null, null);

  private final boolean fromExt;
  private final String field;
  private final Normalisation[] steps;
  private final Map<String, String> groups;
  private final String defaultGroup;

  /**
   * @param fromExt whether the source is {@code ext.<field>} (else {@code common.<field>})
   * @param field the parameter name, or null for {@link #NONE}
   * @param steps normalise steps, in order
   * @param groups value -> group of a many-to-one slot (keys normalised), or null for one-to-one
   * @param defaultGroup the group of values not in {@code groups} (many-to-one only)
   */
  SlotRule(
      boolean fromExt,
      String field,
      Normalisation[] steps,
      Map<String, String> groups,
      String defaultGroup) {
    this.fromExt = fromExt;
    this.field = field;
    this.steps = requireNonNull(steps, "steps is null");
    this.groups = groups;
    this.defaultGroup = defaultGroup;
  }

  /** The slot's value for a record: never null. */
  public String apply(Map<String, String> common, Map<String, String> ext) {
    if (field == null) {
      return NO_RULE;
    }
    Map<String, String> source = fromExt ? ext : common;
    return applyToValue(source == null ? null : source.get(field));
  }

  /**
   * The slot's value for its source value, already read from the record (null when the record has
   * none): never null. Trino's {@code ubc_map} calls this with a value of the user's choosing.
   */
  public String applyToValue(String value) {
    if (field == null) {
      return NO_RULE;
    }
    if (value != null) {
      for (Normalisation step : steps) {
        value = step.apply(value);
      }
    }
    if (groups == null) {
      return value == null || value.isEmpty() ? MISSING : value;
    }
    String group = value == null ? null : groups.get(value);
    return group == null ? defaultGroup : group;
  }
}
