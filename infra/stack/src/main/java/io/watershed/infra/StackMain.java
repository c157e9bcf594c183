package io.watershed.infra;

import io.watershed.infra.LocalStack.StackException;
import io.watershed.infra.LocalStack.Status;
import io.watershed.infra.StackConfig.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The local stack's command line, run by {@code ./watershed}: {@code up [component...]}, {@code
 * status}, {@code down [--purge]}, {@code trino [cli args]}, {@code config}. Settings come from the
 * file named by {@code --config} or {@code WATERSHED_CONFIG}, over the defaults.
 */
public final class StackMain {
  private StackMain() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  static int run(List<String> arguments, PrintStream out, PrintStream err) {
    List<String> args = new ArrayList<>(arguments);
    String configFile = System.getenv("WATERSHED_CONFIG");
    int flag = args.indexOf("--config");
    if (flag >= 0 && flag + 1 < args.size()) {
      configFile = args.get(flag + 1);
      args.remove(flag + 1);
      args.remove(flag);
    }
    if (args.isEmpty()) {
      err.println(usage());
      return 2;
    }
    StackConfig config;
    try {
      config = StackConfig.load(home(), read(configFile));
    } catch (InvalidConfigException | IOException e) {
      err.println(e.getMessage());
      return 2;
    }
    LocalStack stack = new LocalStack(config, out);
    String command = args.remove(0);
    try {
      return switch (command) {
        case "up" -> up(stack, args, out);
        case "status" -> status(stack, out);
        case "down" -> down(stack, args);
        case "trino" -> trino(stack, args);
        case "config" -> printConfig(config, out);
        case "gen" -> gen(config, args, out);
        default -> {
          err.println("Unknown command '" + command + "'" + System.lineSeparator() + usage());
          yield 2;
        }
      };
    } catch (StackException | IllegalStateException e) {
      err.println(e.getMessage());
      return 1;
    }
  }

  private static int up(LocalStack stack, List<String> components, PrintStream out) {
    out.println("Starting the Watershed stack (var: " + stack.config().varDir() + ")");
    long start = System.nanoTime();
    stack.up(new LinkedHashSet<>(components));
    out.printf(
        "Stack up in %.1f s. ./watershed status shows it; ./watershed down stops it.%n",
        (System.nanoTime() - start) / 1e9);
    return 0;
  }

  private static int status(LocalStack stack, PrintStream out) {
    boolean allUp = true;
    for (Status status : stack.status()) {
      out.printf("%-8s %-4s %s%n", status.name(), status.up() ? "up" : "down", status.address());
      allUp &= status.up();
    }
    return allUp ? 0 : 1;
  }

  private static int down(LocalStack stack, List<String> args) {
    stack.down(args.contains("--purge"));
    return 0;
  }

  /** Runs the Trino CLI (on Trino's JDK) against the stack's coordinator, catalog lake. */
  private static int trino(LocalStack stack, List<String> args) {
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
    command.addAll(args);
    try {
      return new ProcessBuilder(command).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run the Trino CLI: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }

  private static int printConfig(StackConfig config, PrintStream out) {
    out.println("kafka.bootstrap-servers=" + config.kafkaBootstrap());
    out.println("hdfs.uri=" + config.hdfsUri());
    out.println("lake.warehouse=" + config.warehouse());
    out.println("catalog.uri=" + config.catalogUri());
    out.println("catalog.token-file=" + config.varDir().resolve("catalog").resolve("token"));
    out.println("flink.rest=" + config.flinkRestUri());
    out.println("trino.uri=" + config.trinoUri());
    out.println("monitor.uri=" + config.monitorUri());
    out.println("intake.uri=" + config.intakeUri());
    return 0;
  }

  /** Posts generated UBC traffic to the intake and prints what it sent. */
  private static int gen(StackConfig config, List<String> args, PrintStream out) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || i + 1 >= args.size()) {
        throw new IllegalStateException(
            "Cannot parse gen arguments " + args + ": expected --name value pairs");
      }
      options.put(arg.substring(2), args.get(++i));
    }
    java.util.Set<String> known =
        java.util.Set.of(
            "rate", "count", "seed", "invalid", "batch", "app-key", "intake", "devices", "pad");
    List<String> unknown =
        options.keySet().stream().filter(key -> !known.contains(key)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalStateException(
          "Cannot run gen: unknown options "
              + unknown
              + "; known are "
              + new java.util.TreeSet<>(known));
    }
    try {
      io.watershed.bench.traffic.UbcTraffic traffic =
          new io.watershed.bench.traffic.UbcTraffic(
              new io.watershed.bench.traffic.UbcTraffic.Options(
                  Long.parseLong(options.getOrDefault("seed", "1")),
                  Long.parseLong(options.getOrDefault("count", "10000")),
                  Double.parseDouble(options.getOrDefault("invalid", "0.02")),
                  System.currentTimeMillis(),
                  Integer.parseInt(options.getOrDefault("devices", "5000")),
                  Integer.parseInt(options.getOrDefault("pad", "0"))));
      io.watershed.bench.traffic.TrafficSender sender =
          new io.watershed.bench.traffic.TrafficSender(
              options.getOrDefault("intake", config.intakeUri()),
              options.getOrDefault("app-key", "demo"),
              Integer.parseInt(options.getOrDefault("batch", "200")),
              Double.parseDouble(options.getOrDefault("rate", "2000")));
      sender.send(traffic, out).print(out);
      return 0;
    } catch (NumberFormatException e) {
      throw new IllegalStateException("Cannot run gen: " + e.getMessage() + " is not a number", e);
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static Path home() {
    return Path.of(System.getProperty("watershed.home", "."));
  }

  private static Map<String, String> read(String file) throws IOException {
    if (file == null || file.isBlank()) {
      return Map.of();
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      properties.load(in);
    } catch (IOException e) {
      throw new IOException("Cannot read stack config " + file + ": " + e.getMessage(), e);
    }
    return StackConfig.readProperties(properties);
  }

  private static String usage() {
    return """
        Usage: StackMain [--config FILE] COMMAND
          up [component...]   start the stack (or some components and what they need)
          status              one line per component; exit 0 only when all are up
          down [--purge]      stop what up started; --purge also deletes var/
          trino [args]        run the Trino CLI against the local Trino
          config              print the addresses
          gen [--rate R] [--count N] [--seed S] [--invalid F] [--batch B] [--app-key K] [--pad P]
                              post generated UBC traffic to the intake and print what was sent""";
  }
}
