package io.watershed.kit.cli;

import java.nio.file.Path;

/**
 * Reads a service's config file into its immutable config record.
 *
 * @param <C> the config record
 */
@FunctionalInterface
public interface ConfigLoader<C> {
  /**
   * Loads {@code file}; throws {@link io.watershed.kit.config.ConfigException} (or a type given to
   * {@link ServiceCommandLine#configErrors}) listing every problem.
   */
  C load(Path file);
}
