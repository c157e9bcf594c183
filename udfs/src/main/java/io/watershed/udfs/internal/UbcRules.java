package io.watershed.udfs.internal;

import java.util.Map;

/** The compiled rules of one UBC ID: whether it is enabled and its six slot rules. */
public final class UbcRules {
  private final boolean enabled;
  private final SlotRule[] slots;

  UbcRules(boolean enabled, SlotRule[] slots) {
    if (slots.length != RuleSet.SLOTS) {
      throw new IllegalArgumentException("Cannot compile UBC rules: " + slots.length + " slots");
    }
    this.enabled = enabled;
    this.slots = slots.clone();
  }

  public boolean enabled() {
    return enabled;
  }

  /** The value of slot {@code index} (0 for d1 .. 5 for d6): never null. */
  public String apply(int index, Map<String, String> common, Map<String, String> ext) {
    return slots[index].apply(common, ext);
  }

  /** The value of slot {@code index} for its source value (null when missing): never null. */
  public String applyToValue(int index, String value) {
    return slots[index].applyToValue(value);
  }
}
