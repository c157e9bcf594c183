package io.watershed.infra;

import static java.util.Objects.requireNonNull;

import io.watershed.bench.traffic.TrafficSender;
import io.watershed.bench.traffic.UbcTraffic;
import io.watershed.kit.cli.ExitCodes;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The stack's subcommands that take arguments: up, down, gen. */
final class StackCommands {
  private StackCommands() {}

  /** A subcommand on the stack's settings, printing to {@code out}. */
  abstract static class StackCommand implements Callable<Integer> {
    final StackSettings settings;
    final PrintStream out;

    StackCommand(StackSettings settings, PrintStream out) {
      this.settings = requireNonNull(settings, "settings is null");
      this.out = requireNonNull(out, "out is null");
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      description =
          "start the stack (or some components and what they need), waiting until healthy")
  static final class Up extends StackCommand {
    @Parameters(paramLabel = "COMPONENT", arity = "0..*", description = "e.g. kafka catalog")
    private List<String> components = List.of();

    Up(StackSettings settings, PrintStream out) {
      super(settings, out);
    }

    @Override
    public Integer call() {
      LocalStack stack = new LocalStack(settings.load(), out);
      out.println("Starting the Watershed stack (var: " + stack.config().varDir() + ")");
      long start = System.nanoTime();
      stack.up(new LinkedHashSet<>(components));
      out.printf(
          "Stack up in %.1f s. ./watershed status shows it; ./watershed down stops it.%n",
          (System.nanoTime() - start) / 1e9);
      return ExitCodes.OK;
    }
  }

  @Command(mixinStandardHelpOptions = true, description = "stop what up started")
  static final class Down extends StackCommand {
    @Option(names = "--purge", description = "also delete var/")
    private boolean purge;

    Down(StackSettings settings, PrintStream out) {
      super(settings, out);
    }

    @Override
    public Integer call() {
      new LocalStack(settings.load(), out).down(purge);
      return ExitCodes.OK;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      description = "post generated UBC traffic to the intake and print what was sent")
  static final class Gen extends StackCommand {
    @Option(
        names = "--rate",
        paramLabel = "R",
        defaultValue = "2000",
        description = "records a second")
    private double rate;

    @Option(
        names = "--count",
        paramLabel = "N",
        defaultValue = "10000",
        description = "records to send")
    private long count;

    @Option(
        names = "--seed",
        paramLabel = "S",
        defaultValue = "1",
        description = "of the generator")
    private long seed;

    @Option(
        names = "--invalid",
        paramLabel = "F",
        defaultValue = "0.02",
        description = "share of invalid records")
    private double invalid;

    @Option(
        names = "--batch",
        paramLabel = "B",
        defaultValue = "200",
        description = "records a post")
    private int batch;

    @Option(
        names = "--app-key",
        paramLabel = "K",
        defaultValue = "demo",
        description = "the intake's app key")
    private String appKey;

    @Option(
        names = "--intake",
        paramLabel = "URI",
        description = "the intake's URI; default: the stack's")
    private String intake;

    @Option(
        names = "--devices",
        paramLabel = "D",
        defaultValue = "5000",
        description = "distinct devices")
    private int devices;

    @Option(
        names = "--pad",
        paramLabel = "P",
        defaultValue = "0",
        description = "bytes of padding a record")
    private int pad;

    Gen(StackSettings settings, PrintStream out) {
      super(settings, out);
    }

    @Override
    public Integer call() throws Exception {
      String target = intake != null ? intake : settings.load().intakeUri();
      UbcTraffic traffic =
          new UbcTraffic(
              new UbcTraffic.Options(
                  seed, count, invalid, System.currentTimeMillis(), devices, pad));
      new TrafficSender(target, appKey, batch, rate).send(traffic, out).print(out);
      return ExitCodes.OK;
    }
  }
}
