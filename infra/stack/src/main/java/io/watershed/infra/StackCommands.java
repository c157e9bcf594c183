package io.watershed.infra;

import static java.util.Objects.requireNonNull;

import io.watershed.bench.traffic.TrafficSender;
import io.watershed.bench.traffic.UbcTraffic;
import io.watershed.infra.internal.Http;
import io.watershed.infra.internal.WebHdfs;
import io.watershed.kit.cli.ExitCodes;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The stack's subcommands that take arguments: up, down, gen, udf. */
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

  /** Where the user ran ./watershed (which moves to the repository): their relative paths' base. */
  static Path callerDirectory() {
    return Path.of(System.getProperty("watershed.caller-dir", ".")).toAbsolutePath();
  }

  @Command(
      mixinStandardHelpOptions = true,
      description =
          "udf add JAR [--name N]: put a jar of Flink functions on the stack's HDFS and print the"
              + " CREATE FUNCTION statement of each function in it")
  static final class Udf extends StackCommand {
    @Parameters(index = "0", paramLabel = "add", description = "the action: add")
    private String action;

    @Parameters(index = "1", paramLabel = "JAR", description = "a jar of Flink functions")
    private Path jar;

    @Option(
        names = "--name",
        paramLabel = "N",
        description = "its name on HDFS (hdfs:///watershed/udfs/N.jar); default: the file's")
    private String name;

    Udf(StackSettings settings, PrintStream out) {
      super(settings, out);
    }

    @Override
    public Integer call() throws Exception {
      if (!action.equals("add")) {
        throw new IllegalArgumentException(
            "Cannot run udf %s: unknown action; the one action is add".formatted(action));
      }
      jar = callerDirectory().resolve(jar);
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException("Cannot add " + jar + ": no such file");
      }
      String jarName =
          name != null ? name : jar.getFileName().toString().replaceFirst("\\.jar$", "");
      if (!jarName.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new IllegalArgumentException(
            "Cannot add %s as '%s': a name is letters, digits, '.', '_' and '-'"
                .formatted(jar, jarName));
      }
      GatewayComponent gateway = new GatewayComponent(settings.load());
      List<UdfScan.Function> functions;
      try (URLClassLoader flink =
          UdfScan.flinkLoader(gateway.built("infra/runtime/flink/target/lib"))) {
        functions = UdfScan.functions(jar, flink);
      }
      if (functions.isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot add %s: it has no public Flink UserDefinedFunction class".formatted(jar));
      }
      if (Http.getOk(gateway.nameNodeHttp() + "/webhdfs/v1/?op=GETFILESTATUS").isEmpty()) {
        throw new IllegalStateException(
            "Cannot add %s: the stack's HDFS is not running; run ./watershed up".formatted(jar));
      }
      String fileName = jarName + ".jar";
      WebHdfs.put(gateway.nameNodeHttp(), GatewayComponent.udfPath(fileName), jar);
      String uri = gateway.udfUri(fileName);
      out.println("Put " + jar + " at " + uri + ". In ./watershed sql, register its functions:");
      functions.forEach(function -> out.println(function.createStatement(uri)));
      return ExitCodes.OK;
    }
  }
}
