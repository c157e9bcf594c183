package io.watershed.infra.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operating-system process of a component, started detached (its own session, so it outlives
 * the launcher and ignores the terminal's Ctrl-C), its output appended to the component's log and
 * its pid recorded in a file. Stopped by that pid: gracefully, then forcibly.
 */
public final class ManagedProcess {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);

  private final String name;
  private final List<String> command;
  private final Path workingDirectory;
  private final Path logFile;
  private final Path pidFile;
  private final Map<String, String> environment;

  public ManagedProcess(
      String name,
      List<String> command,
      Path workingDirectory,
      Path logFile,
      Path pidFile,
      Map<String, String> environment) {
    this.name = requireNonNull(name, "name is null");
    this.command = List.copyOf(requireNonNull(command, "command is null"));
    this.workingDirectory = requireNonNull(workingDirectory, "workingDirectory is null");
    this.logFile = requireNonNull(logFile, "logFile is null");
    this.pidFile = requireNonNull(pidFile, "pidFile is null");
    this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return logFile;
  }

  /** The recorded pid, if the file exists and names a live process. */
  public Optional<ProcessHandle> running() {
    OptionalLong pid = readPid();
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive);
  }

  public ProcessHandle start() throws IOException {
    Files.createDirectories(workingDirectory);
    Files.createDirectories(logFile.getParent());
    List<String> detached = new ArrayList<>();
    // setsid gives the process its own session: it survives the launcher and the terminal.
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      detached.add("/usr/bin/setsid");
    }
    detached.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(detached)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    Files.writeString(pidFile, Long.toString(process.pid()), StandardCharsets.UTF_8);
    LOG.info("started {} pid={} log={}", name, process.pid(), logFile);
    return process.toHandle();
  }

  /** Runs a short preparation command (such as a format) in the foreground, into the log. */
  public static void runToCompletion(
      String what, List<String> command, Path workingDirectory, Path logFile, Duration timeout)
      throws IOException {
    Files.createDirectories(workingDirectory);
    Process process =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    try {
      if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException("Cannot " + what + ": timed out after " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("Cannot " + what + ": interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException("Cannot " + what + ": exit code " + process.exitValue());
    }
  }

  /** Stops the process and its descendants: SIGTERM, then SIGKILL after the grace period. */
  public boolean stop(Duration grace) {
    Optional<ProcessHandle> handle = running();
    if (handle.isEmpty()) {
      deletePidFile();
      return false;
    }
    ProcessHandle process = handle.get();
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline && (process.isAlive() || anyAlive(descendants))) {
      sleep(200);
    }
    if (process.isAlive() || anyAlive(descendants)) {
      LOG.warn("{} pid={} did not stop within {}; killing it", name, process.pid(), grace);
      process.destroyForcibly();
      descendants.forEach(ProcessHandle::destroyForcibly);
      process
          .onExit()
          .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
          .exceptionally(e -> null)
          .join();
    }
    deletePidFile();
    LOG.info("stopped {} pid={}", name, process.pid());
    return true;
  }

  private static boolean anyAlive(List<ProcessHandle> handles) {
    return handles.stream().anyMatch(ProcessHandle::isAlive);
  }

  private OptionalLong readPid() {
    try {
      if (!Files.exists(pidFile)) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | NumberFormatException e) {
      LOG.warn("ignoring unreadable pid file {}: {}", pidFile, e.toString());
      return OptionalLong.empty();
    }
  }

  private void deletePidFile() {
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      LOG.warn("cannot delete pid file {}: {}", pidFile, e.toString());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
