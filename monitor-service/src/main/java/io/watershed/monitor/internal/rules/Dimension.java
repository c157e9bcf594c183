package io.watershed.monitor.internal.rules;

import static java.util.Objects.requireNonNull;

import io.watershed.contracts.Normalisation;
import java.util.List;

/**
 * One of the six dimension slots of a UBC ID.
 *
 * @param slot 1..6, the column d1..d6 it fills
 * @param source the field it reads: {@code common.<name>} or {@code ext.<param>}
 * @param mapping one-to-one or many-to-one
 * @param normalise steps applied to the source value first
 * @param label a human name for the dimension, or null
 * @param defaultGroup the group of values not in {@code groups} (many-to-one only), or null
 * @param groups the value -> group table (many-to-one only, values normalised), in given order
 */
public record Dimension(
    int slot,
    String source,
    MappingKind mapping,
    List<Normalisation> normalise,
    String label,
    String defaultGroup,
    List<GroupMapping> groups) {
  static final int MAX_SLOTS = 6;

  public Dimension {
    requireNonNull(source, "source is null");
    requireNonNull(mapping, "mapping is null");
    normalise = List.copyOf(requireNonNull(normalise, "normalise is null"));
    groups = List.copyOf(requireNonNull(groups, "groups is null"));
  }

  /** The column it fills, {@code d1}..{@code d6}. */
  public String column() {
    return "d" + slot;
  }

  /**
   * One row of a many-to-one table.
   *
   * @param value the source value, normalised
   * @param group the group it maps to
   */
  record GroupMapping(String value, String group) {
    GroupMapping {
      requireNonNull(value, "value is null");
      requireNonNull(group, "group is null");
    }
  }
}
