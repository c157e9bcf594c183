package io.watershed.kit.config;

import static java.util.Objects.requireNonNull;

/**
 * A declared prefix whose entries are not keys of the service but go, without the prefix, to a
 * library (e.g. {@code kafka.} to the Kafka producer). The loader accepts them; the reference lists
 * them.
 *
 * @param prefix the prefix, ending with a dot
 * @param doc one line of documentation for the key reference
 */
public record PassThrough(String prefix, String doc) {
  public PassThrough {
    requireNonNull(prefix, "prefix is null");
    requireNonNull(doc, "doc is null");
    if (!prefix.endsWith(".")) {
      throw new IllegalArgumentException(
          "Cannot declare pass-through prefix " + prefix + ": must end with '.'");
    }
  }

  /** Whether {@code key} is under the prefix, with something after it. */
  public boolean matches(String key) {
    return key.startsWith(prefix) && key.length() > prefix.length();
  }
}
