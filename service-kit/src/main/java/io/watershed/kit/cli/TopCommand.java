package io.watershed.kit.cli;

import picocli.CommandLine.Command;

/**
 * The deployable itself: {@code --help} and {@code --version}, and no action of its own, so picocli
 * asks for a subcommand.
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false)
final class TopCommand {}
