package io.watershed.infra;

import io.watershed.infra.LocalStack.Status;
import io.watershed.kit.cli.ArgumentsAction;
import io.watershed.kit.cli.ExitCodes;
import io.watershed.kit.cli.ServiceCommandLine;
import io.watershed.kit.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The local stack's command line, run by {@code ./watershed} (the service kit's shape): {@code up
 * [component...]}, {@code status}, {@code down [--purge]}, {@code trino [cli args]}, {@code sql
 * [client args]}, {@code udf add JAR}, {@code lake [upkeep]}, {@code config}, {@code gen}, {@code
 * validate}, {@code keys}. Settings come from the file named by {@code --config} or {@code
 * WATERSHED_CONFIG}, over the defaults.
 */
public final class StackMain {
  private StackMain() {}

  public static void main(String[] args) {
    commandLine(System.out, System.err).main(args);
  }

  /** Runs one command; returns the exit status ({@link ExitCodes}). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(out, err).execute(args);
  }

  private static ServiceCommandLine<Void> commandLine(PrintStream out, PrintStream err) {
    StackSettings settings = new StackSettings();
    return ServiceCommandLine.tool("StackMain", "stack", StackMain.class, out, err)
        .description("Starts, checks and stops the local stack; ./watershed runs it.")
        .options(settings)
        .configErrors(ConfigException.class)
        .command("up", new StackCommands.Up(settings, out))
        .command(
            "status",
            "one line per component; exit 0 only when all are up",
            () -> status(new LocalStack(settings.load(), out), out))
        .command("down", new StackCommands.Down(settings, out))
        .passThrough(
            "trino",
            "run the Trino CLI against the local Trino (catalog lake) with these arguments",
            trino(settings, out))
        .passThrough(
            "sql",
            "run Flink's SQL client on the stack's SQL Gateway (UDFs registered), with these"
                + " arguments (e.g. -f script.sql)",
            sql(settings, out))
        .command("udf", new StackCommands.Udf(settings, out))
        .command("lake", new LakeCommand(settings, out))
        .command("remap", new RemapCommand(settings, out))
        .command("config", "print the addresses", () -> printConfig(settings.load(), out))
        .command("gen", new StackCommands.Gen(settings, out))
        .command(
            "validate",
            "check the settings and list every error, numbered",
            () -> {
              settings.load();
              out.println("stack config " + settings.source() + " is valid");
              return ExitCodes.OK;
            })
        .command("keys", "print every settings key, its default and what it does", () -> keys(out));
  }

  private static int status(LocalStack stack, PrintStream out) {
    boolean allUp = true;
    for (Status status : stack.status()) {
      out.printf("%-8s %-4s %s%n", status.name(), status.up() ? "up" : "down", status.address());
      allUp &= status.up();
    }
    return allUp ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** Runs the Trino CLI (on Trino's JDK) against the stack's coordinator, catalog lake. */
  private static ArgumentsAction trino(StackSettings settings, PrintStream out) {
    return (arguments, ignoredOut, ignoredErr) -> {
      LocalStack stack = new LocalStack(settings.load(), out);
      TrinoComponent trino =
          (TrinoComponent)
              stack.components().stream()
                  .filter(c -> c.name().equals("trino"))
                  .findFirst()
                  .orElseThrow();
      List<String> command = new ArrayList<>();
      command.add(trino.javaHome().resolve("bin/java").toString());
      command.add("--enable-native-access=ALL-UNNAMED");
      command.add("-jar");
      command.add(TrinoComponent.buildProperties().getProperty("trino.cli-jar"));
      command.add("--server");
      command.add(stack.config().trinoUri());
      command.add("--catalog");
      command.add("lake");
      command.addAll(List.of(arguments));
      try {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
      } catch (IOException e) {
        throw new IllegalStateException("Cannot run the Trino CLI: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 130;
      }
    };
  }

  /**
   * Flink's SQL client in gateway mode on the stack's SQL Gateway, the session opened by init.sql.
   */
  private static ArgumentsAction sql(StackSettings settings, PrintStream out) {
    return (arguments, ignoredOut, ignoredErr) -> {
      GatewayComponent gateway = new GatewayComponent(settings.load());
      if (!gateway.healthy()) {
        throw new IllegalStateException(
            "Cannot start the SQL client: the SQL Gateway does not answer at %s; run ./watershed up"
                .formatted(settings.load().gatewayUri()));
      }
      try {
        return gateway.sqlClient(List.of(arguments)).inheritIO().start().waitFor();
      } catch (IOException e) {
        throw new IllegalStateException("Cannot run the SQL client: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 130;
      }
    };
  }

  private static int printConfig(StackConfig config, PrintStream out) {
    out.println("kafka.bootstrap-servers=" + config.kafkaBootstrap());
    out.println("hdfs.uri=" + config.hdfsUri());
    out.println("lake.warehouse=" + config.warehouse());
    out.println("catalog.uri=" + config.catalogUri());
    out.println("catalog.token-file=" + config.varDir().resolve("catalog").resolve("token"));
    out.println("flink.rest=" + config.flinkRestUri());
    out.println("gateway.uri=" + config.gatewayUri());
    out.println("trino.uri=" + config.trinoUri());
    out.println("monitor.uri=" + config.monitorUri());
    out.println("monitor.ui=" + config.monitorUri() + "/ui/");
    // where the local admin token is (monitor.bootstrap-admin-token), not the token itself
    out.println(
        "monitor.config-file=" + config.varDir().resolve("monitor").resolve("monitor.properties"));
    out.println("intake.uri=" + config.intakeUri());
    return ExitCodes.OK;
  }

  private static int keys(PrintStream out) {
    out.print(StackKeys.reference());
    return ExitCodes.OK;
  }
}
