package io.watershed.monitor.internal.alerts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where a firing's webhook delivery stands. */
public enum FiringState {
  /** Not delivered yet: the next attempt is due at {@code next_attempt_at}. */
  PENDING,
  /** The webhook answered 2xx. */
  DELIVERED,
  /** Every attempt failed. */
  FAILED,
  /** Its rule was deleted before it was delivered. */
  CANCELLED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state named {@code wire}, or null. */
  public static FiringState parse(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst().orElse(null);
  }

  public static List<String> wires() {
    return Arrays.stream(values()).map(FiringState::wire).toList();
  }
}
