package io.watershed.infra;

import static java.util.Objects.requireNonNull;

import io.watershed.infra.internal.ManagedProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One server of the local stack: its configuration generated under {@code var/<name>/}, its log at
 * {@code var/<name>/log}, one pid file per process. Subclasses say how to prepare, start and probe.
 */
public abstract class Component {
  protected final StackConfig config;

  protected Component(StackConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  public abstract String name();

  /** Where a user reaches it. */
  public abstract String address();

  /** Components that must be healthy before this one starts. */
  public List<String> dependsOn() {
    return List.of();
  }

  /** Names of its processes, in start order. */
  protected abstract List<String> processNames();

  /**
   * Generates configuration (and formats storage on first start) and returns the processes to
   * start, in order.
   */
  protected abstract List<ManagedProcess> prepare() throws IOException;

  /** One quick probe: true when the component serves requests. */
  public abstract boolean healthy();

  /** Idempotent set-up once healthy (topics, for one); runs on every up. */
  protected void afterHealthy() throws IOException {}

  /**
   * Runs before down stops the processes (jobs stop with a savepoint, for one).
   *
   * @return whether it stopped something
   */
  protected boolean beforeStop() throws IOException {
    return false;
  }

  public Path directory() {
    return config.varDir().resolve(name());
  }

  public Path logFile() {
    return directory().resolve("log");
  }

  /** Handles for stopping and status: only the pid files matter. */
  List<ManagedProcess> recordedProcesses() {
    return processNames().stream().map(process -> process(process, List.of())).toList();
  }

  protected ManagedProcess process(String processName, List<String> command) {
    return process(processName, command, Map.of());
  }

  protected ManagedProcess process(
      String processName, List<String> command, Map<String, String> environment) {
    return new ManagedProcess(
        name() + "/" + processName,
        command,
        directory(),
        logFile(),
        directory().resolve(processName + ".pid"),
        environment);
  }

  /** A directory of jars assembled by the build, failing with what to run when it is missing. */
  protected Path built(String relativePath) {
    Path path = config.home().resolve(relativePath);
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          "Cannot start %s: %s is not built; run ./watershed build".formatted(name(), path));
    }
    return path;
  }

  protected void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /** A log4j 2 configuration that writes one line per event to stdout, tagged by process. */
  protected static String log4j2Console(String tag) {
    return """
           rootLogger.level = INFO
           rootLogger.appenderRef.console.ref = console
           appender.console.type = Console
           appender.console.name = console
           appender.console.layout.type = PatternLayout
           appender.console.layout.pattern = %%d{ISO8601} %s %%-5p %%c{1} - %%m%%n
           """
        .formatted(tag);
  }
}
