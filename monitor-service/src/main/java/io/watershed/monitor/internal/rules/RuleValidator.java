package io.watershed.monitor.internal.rules;

import io.watershed.monitor.internal.Violation;
import java.util.List;
import java.util.Set;

/** The checks of UBC rules that need the stored rules: source fields, parameters in use. */
final class RuleValidator {
  /** The common parameters of every UBC record (ARCHITECTURE.md). */
  static final List<String> COMMON_PARAMS = List.of("os", "osv", "did", "app", "appv", "net");

  private static final Set<String> COMMON = Set.copyOf(COMMON_PARAMS);

  private RuleValidator() {}

  /** A dimension's source must be a common parameter or a business parameter of its UBC ID. */
  static void sourceField(UbcId owner, Dimension dimension, List<Violation> violations) {
    String source = dimension.source();
    if (source.startsWith("common.") && COMMON.contains(source.substring("common.".length()))) {
      return;
    }
    if (source.startsWith("ext.") && owner.params().contains(source.substring("ext.".length()))) {
      return;
    }
    violations.add(
        new Violation(
            "source",
            "unknown-source-field",
            "must be common.<%s> or ext.<param> for a business parameter of %s (declared: %s)"
                .formatted(String.join("|", COMMON_PARAMS), owner.id(), owner.params()),
            source));
  }

  /** A business parameter that a dimension reads cannot be removed from its UBC ID. */
  static void paramsInUse(
      UbcId updated, List<StoredUbcId.StoredDimension> dimensions, List<Violation> violations) {
    for (StoredUbcId.StoredDimension stored : dimensions) {
      Dimension dimension = stored.dimension();
      String source = dimension.source();
      if (source.startsWith("ext.")
          && !updated.params().contains(source.substring("ext.".length()))) {
        violations.add(
            new Violation(
                "params",
                "param-in-use",
                "must keep %s: dimension %s reads it; delete or change the dimension first"
                    .formatted(source.substring("ext.".length()), dimension.column()),
                updated.params()));
      }
    }
  }

  /** A new dimension needs a free slot: at most six per UBC ID. */
  static void freeSlot(String ubcId, int occupied, List<Violation> violations) {
    if (occupied >= Dimension.MAX_SLOTS) {
      violations.add(
          new Violation(
              "slot",
              "max-dimensions",
              "cannot add a seventh dimension: %s has %d already, a UBC ID has at most six (d1..d6)"
                  .formatted(ubcId, occupied),
              null));
    }
  }
}
