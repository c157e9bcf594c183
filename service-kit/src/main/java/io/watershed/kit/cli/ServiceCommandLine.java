package io.watershed.kit.cli;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.config.ConfigException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * A deployable's command line, one shape for all (service-kit/README.md, "Command line"): {@code
 * run <config>}, {@code validate <config>}, {@code keys}, {@code --help}, {@code --version}, the
 * deployable's own subcommands, and the exit codes of {@link ExitCodes}.
 *
 * <pre>{@code
 * ServiceCommandLine.service("watershed-catalog", "catalog", CatalogMain.class,
 *         CatalogConfig::load, CatalogKeys::reference, out, err)
 *     .run("start the REST catalog and serve until stopped (SIGTERM)", CatalogMain::serve)
 *     .command("init", "create the lake's tables if missing, then exit", CatalogMain::init)
 *     .execute(args);
 * }</pre>
 *
 * @param <C> the config record the subcommands load
 */
public final class ServiceCommandLine<C> {
  private final String name;
  private final String subject;
  private final Class<?> mainClass;
  private final ConfigLoader<C> loader;
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, Object> standard = new LinkedHashMap<>();
  private final Map<String, Object> extra = new LinkedHashMap<>();
  private final Map<String, String> descriptions = new LinkedHashMap<>();
  private final Set<String> serving = new HashSet<>();
  private final List<Class<? extends Exception>> configErrors = new ArrayList<>();
  private final List<Object> options = new ArrayList<>();
  private String description = "";
  private Function<C, List<String>> warnings = config -> List.of();

  private ServiceCommandLine(
      String name,
      String subject,
      Class<?> mainClass,
      ConfigLoader<C> loader,
      PrintStream out,
      PrintStream err) {
    this.name = requireNonNull(name, "name is null");
    this.subject = requireNonNull(subject, "subject is null");
    this.mainClass = requireNonNull(mainClass, "mainClass is null");
    this.loader = loader;
    this.out = requireNonNull(out, "out is null");
    this.err = requireNonNull(err, "err is null");
  }

  /**
   * A service's command line with {@code validate <config>} and {@code keys}; add {@code run} with
   * {@link #run}.
   *
   * @param name the command's name in the usage, e.g. {@code watershed-catalog}
   * @param subject what failure messages name, e.g. {@code catalog} in "Cannot run catalog: ..."
   * @param mainClass whose jar's {@code Implementation-Version} {@code --version} prints
   */
  public static <C> ServiceCommandLine<C> service(
      String name,
      String subject,
      Class<?> mainClass,
      ConfigLoader<C> loader,
      Supplier<String> keyReference,
      PrintStream out,
      PrintStream err) {
    ServiceCommandLine<C> line =
        new ServiceCommandLine<>(
            name, subject, mainClass, requireNonNull(loader, "loader is null"), out, err);
    line.configErrors.add(ConfigException.class);
    line.describe("validate", "check the config file and list every error, numbered");
    requireNonNull(keyReference, "keyReference is null");
    line.standard.put(
        "keys",
        new ActionCommand(
            () -> {
              out.print(keyReference.get());
              return ExitCodes.OK;
            }));
    line.describe("keys", "print the reference of the config keys");
    return line;
  }

  /** A command line of a tool with no config file of its own subcommands (the local stack). */
  public static ServiceCommandLine<Void> tool(
      String name, String subject, Class<?> mainClass, PrintStream out, PrintStream err) {
    ServiceCommandLine<Void> line =
        new ServiceCommandLine<>(name, subject, mainClass, null, out, err);
    line.configErrors.add(ConfigException.class);
    return line;
  }

  /** The paragraph {@code --help} prints under the usage line. */
  public ServiceCommandLine<C> description(String description) {
    this.description = requireNonNull(description, "description is null");
    return this;
  }

  /**
   * {@code run <config>}: serves until stopped. {@link #main} leaves the process alive when it
   * returns {@link ExitCodes#OK}, as its shutdown hooks end it.
   */
  public ServiceCommandLine<C> run(String description, ConfigAction<C> action) {
    requireNonNull(action, "action is null");
    standard.put("run", new ConfigCommand<>(loader(), (file, config) -> action.run(config)));
    serving.add("run");
    return describe("run", description);
  }

  /** Lines {@code validate} prints after "config FILE is valid", each after "warning: ". */
  public ServiceCommandLine<C> warnings(Function<C, List<String>> warnings) {
    this.warnings = requireNonNull(warnings, "warnings is null");
    return this;
  }

  /** Another subcommand of one config file, e.g. {@code init <config>}. */
  public ServiceCommandLine<C> command(String name, String description, ConfigAction<C> action) {
    requireNonNull(action, "action is null");
    extra.put(name, new ConfigCommand<>(loader(), (file, config) -> action.run(config)));
    return describe(name, description);
  }

  /** Another subcommand without parameters, e.g. {@code status}. */
  public ServiceCommandLine<C> command(String name, String description, Callable<Integer> action) {
    extra.put(name, new ActionCommand(action));
    return describe(name, description);
  }

  /**
   * Another subcommand written as a picocli {@code @Command} object (a {@code Callable<Integer>});
   * its {@code @Command} annotation describes it.
   */
  public ServiceCommandLine<C> command(String name, Object command) {
    extra.put(name, requireNonNull(command, "command is null"));
    return this;
  }

  /** A subcommand that reads its arguments itself; {@code --help} goes to it too. */
  public ServiceCommandLine<C> passThrough(
      String name, String description, ArgumentsAction action) {
    extra.put(name, new PassThroughCommand(action, out, err));
    return describe(name, description);
  }

  /** Options of the whole command line (a picocli mixin), given before or after the subcommand. */
  public ServiceCommandLine<C> options(Object mixin) {
    options.add(requireNonNull(mixin, "mixin is null"));
    return this;
  }

  /**
   * An exception type that reports a bad config (its message lists the problems): printed as is,
   * exit {@link ExitCodes#USAGE_OR_CONFIG}. {@link ConfigException} is one already.
   */
  public ServiceCommandLine<C> configErrors(Class<? extends Exception> type) {
    configErrors.add(requireNonNull(type, "type is null"));
    return this;
  }

  /** Runs the command line; returns the exit code. {@code run} returns only once stopped. */
  public int execute(String... arguments) {
    return execute(commandLine(), arguments);
  }

  /**
   * Runs the command line as the process: exits with its code, except after a {@code run} that
   * served and was stopped (its shutdown hooks are ending the process).
   */
  public void main(String... arguments) {
    CommandLine line = commandLine();
    int status = execute(line, arguments);
    ParseResult parsed = line.getParseResult();
    boolean served =
        status == ExitCodes.OK
            && parsed != null
            && parsed.hasSubcommand()
            && serving.contains(parsed.subcommand().commandSpec().name());
    if (!served) {
      System.exit(status);
    }
  }

  /** The picocli command line, for tests and the help of tools built on it. */
  public CommandLine commandLine() {
    CommandLine line = new CommandLine(new TopCommand());
    line.setCommandName(name);
    line.getCommandSpec().usageMessage().description(description);
    String version = name + " " + Versions.of(mainClass);
    line.getCommandSpec().version(version);
    options.forEach(mixin -> line.addMixin(mixin.getClass().getSimpleName(), mixin));
    Map<String, Object> commands = new LinkedHashMap<>();
    if (standard.containsKey("run")) {
      commands.put("run", standard.get("run"));
    }
    if (loader != null) {
      commands.put("validate", validate());
    }
    commands.putAll(standard);
    commands.putAll(extra);
    commands.forEach(
        (command, object) -> {
          CommandLine sub = new CommandLine(object);
          sub.getCommandSpec().version(version);
          if (descriptions.containsKey(command)) {
            sub.getCommandSpec().usageMessage().description(descriptions.get(command));
          }
          line.addSubcommand(command, sub);
        });
    Failures failures = new Failures(subject, configErrors);
    line.setExpandAtFiles(false);
    line.setOut(writer(out));
    line.setErr(writer(err));
    line.setParameterExceptionHandler(failures);
    line.setExecutionExceptionHandler(failures);
    return line;
  }

  private int execute(CommandLine line, String[] arguments) {
    try {
      return line.execute(arguments);
    } finally {
      line.getOut().flush();
      line.getErr().flush();
    }
  }

  private ConfigCommand<C> validate() {
    return new ConfigCommand<>(
        loader(),
        (file, config) -> {
          out.println("config " + file + " is valid: " + config);
          for (String warning : warnings.apply(config)) {
            out.println("warning: " + warning);
          }
          return ExitCodes.OK;
        });
  }

  private ServiceCommandLine<C> describe(String command, String text) {
    descriptions.put(command, requireNonNull(text, "description is null"));
    return this;
  }

  private ConfigLoader<C> loader() {
    if (loader == null) {
      throw new IllegalStateException(
          "Cannot add a config subcommand to " + name + ": a tool has no config loader");
    }
    return loader;
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(stream, true);
  }
}
