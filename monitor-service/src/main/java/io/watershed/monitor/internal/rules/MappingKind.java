package io.watershed.monitor.internal.rules;

import java.util.Arrays;
import java.util.List;

/** How a dimension gets its value from its source field. */
public enum MappingKind {
  /** The value is kept (after normalisation). */
  ONE_TO_ONE("one-to-one"),
  /** The value is looked up in a value -> group table; values not in it get the default group. */
  MANY_TO_ONE("many-to-one");

  private final String wire;

  MappingKind(String wire) {
    this.wire = wire;
  }

  String wire() {
    return wire;
  }

  /** The kind named {@code wire}, or null. */
  static MappingKind parse(String wire) {
    return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst().orElse(null);
  }

  static List<String> wires() {
    return Arrays.stream(values()).map(MappingKind::wire).toList();
  }
}
