package io.watershed.kit.cli;

/**
 * What a subcommand does with a loaded config, e.g. serve it or create the tables it names.
 *
 * @param <C> the config record
 */
@FunctionalInterface
public interface ConfigAction<C> {
  /** Returns the exit code ({@link ExitCodes}); an exception exits {@link ExitCodes#FAILED}. */
  int run(C config) throws Exception;
}
