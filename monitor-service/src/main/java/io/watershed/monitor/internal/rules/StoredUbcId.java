package io.watershed.monitor.internal.rules;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A UBC ID with its dimensions as stored in some rule version.
 *
 * @param ubcId the definition
 * @param version the rule version from which this definition holds
 * @param dimensions its dimensions by slot, each with the version from which it holds
 */
public record StoredUbcId(UbcId ubcId, long version, List<StoredDimension> dimensions) {
  public StoredUbcId {
    requireNonNull(ubcId, "ubcId is null");
    dimensions = List.copyOf(requireNonNull(dimensions, "dimensions is null"));
  }

  /**
   * A dimension and the rule version from which it holds.
   *
   * @param dimension the definition
   * @param version the rule version
   */
  public record StoredDimension(Dimension dimension, long version) {
    public StoredDimension {
      requireNonNull(dimension, "dimension is null");
    }
  }
}
