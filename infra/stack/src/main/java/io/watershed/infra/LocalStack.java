package io.watershed.infra;

import static java.util.Objects.requireNonNull;

import io.watershed.infra.internal.ManagedProcess;
import io.watershed.kit.config.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack: brings components up in dependency order (independent ones in parallel), waits
 * until each is healthy, reports status, and stops them by pid. Also the test fixture: ITs start
 * one on free ports and close it at the end.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final int LOG_TAIL_LINES = 40;

  private final StackConfig config;
  private final Map<String, Component> components;
  private final PrintStream out;

  public LocalStack(StackConfig config, PrintStream out) {
    this.config = requireNonNull(config, "config is null");
    this.out = requireNonNull(out, "out is null");
    Map<String, Component> all = new LinkedHashMap<>();
    for (Component component :
        List.of(
            new KafkaComponent(config),
            new HdfsComponent(config),
            new FlinkComponent(config),
            new CatalogComponent(config),
            new TrinoComponent(config),
            new MonitorComponent(config),
            new CollectorComponent(config),
            new GatewayComponent(config),
            new JobsComponent(config))) {
      all.put(component.name(), component);
    }
    this.components = all;
  }

  public StackConfig config() {
    return config;
  }

  public List<Component> components() {
    return List.copyOf(components.values());
  }

  /** Status of one component: up when every process is alive and the probe answers. */
  public record Status(String name, boolean up, String address) {}

  public List<Status> status() {
    return components.values().stream()
        .map(component -> new Status(component.name(), isUp(component), component.address()))
        .toList();
  }

  private boolean isUp(Component component) {
    return (component.recordedProcesses().isEmpty() || allRunning(component))
        && component.healthy();
  }

  private static boolean allRunning(Component component) {
    List<ManagedProcess> processes = component.recordedProcesses();
    return !processes.isEmpty() && processes.stream().allMatch(p -> p.running().isPresent());
  }

  /**
   * Starts the named components (all when empty) and what they depend on, leaving running ones
   * alone, and waits until each is healthy.
   *
   * @throws StackException naming the component that failed, with the tail of its log
   */
  public void up(Set<String> only) {
    List<Component> wanted = withDependencies(only);
    ExecutorService executor = Executors.newFixedThreadPool(wanted.size());
    try {
      Map<String, CompletableFuture<Void>> started = new LinkedHashMap<>();
      for (Component component : wanted) {
        CompletableFuture<?>[] dependencies =
            component.dependsOn().stream()
                .filter(started::containsKey)
                .map(started::get)
                .toArray(CompletableFuture[]::new);
        started.put(
            component.name(),
            CompletableFuture.allOf(dependencies).thenRunAsync(() -> bringUp(component), executor));
      }
      CompletableFuture.allOf(started.values().toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof StackException stackException) {
        throw stackException;
      }
      throw new StackException("Cannot start the stack: " + cause.getMessage(), cause);
    } finally {
      executor.shutdownNow();
    }
  }

  private List<Component> withDependencies(Set<String> only) {
    if (only.isEmpty()) {
      return components();
    }
    Set<String> names = new java.util.LinkedHashSet<>();
    List<String> pending = new ArrayList<>(only);
    while (!pending.isEmpty()) {
      String name = pending.remove(0);
      Component component = components.get(name);
      if (component == null) {
        throw new StackException(
            "Cannot start component '%s': unknown; known are %s"
                .formatted(name, components.keySet()),
            null);
      }
      if (names.add(name)) {
        pending.addAll(component.dependsOn());
      }
    }
    return components.values().stream().filter(c -> names.contains(c.name())).toList();
  }

  private void bringUp(Component component) {
    long start = System.nanoTime();
    String name = component.name();
    try {
      if (allRunning(component)) {
        report("%-8s already running, waiting for health".formatted(name));
      } else {
        // Only what died starts again: a healthy neighbour keeps running (a TaskManager restarted
        // alone lets the running JobManager restore its jobs from their last checkpoint).
        List<String> alive =
            component.recordedProcesses().stream()
                .filter(process -> process.running().isPresent())
                .map(ManagedProcess::name)
                .toList();
        Files.createDirectories(component.directory());
        report(
            "%-8s %s (log %s)"
                .formatted(
                    name,
                    alive.isEmpty() ? "starting" : "restarting what died (" + alive + " kept)",
                    config.home().relativize(component.logFile())));
        for (ManagedProcess process : component.prepare()) {
          if (!alive.contains(process.name())) {
            process.start();
          }
        }
      }
      awaitHealthy(component, start);
      component.afterHealthy();
      report("%-8s up      %s (%.1f s)".formatted(name, component.address(), seconds(start)));
    } catch (StackException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw failure(component, e.getMessage(), e);
    }
  }

  private void awaitHealthy(Component component, long start) {
    long deadline = start + config.startTimeout().toNanos();
    long nextProgress = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      if (component.healthy()) {
        return;
      }
      Optional<ManagedProcess> dead =
          component.recordedProcesses().stream().filter(p -> p.running().isEmpty()).findFirst();
      if (dead.isPresent()) {
        throw failure(component, dead.get().name() + " exited", null);
      }
      if (System.nanoTime() > deadline) {
        throw failure(
            component,
            "not healthy after %s (stack.start-timeout)"
                .formatted(Durations.format(config.startTimeout())),
            null);
      }
      if (System.nanoTime() > nextProgress) {
        report("%-8s waiting   (%.0f s)".formatted(component.name(), seconds(start)));
        nextProgress = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      }
      sleep(500);
    }
  }

  private StackException failure(Component component, String reason, Throwable cause) {
    StringBuilder message =
        new StringBuilder("Cannot start %s: %s".formatted(component.name(), reason));
    message.append(System.lineSeparator()).append("--- last lines of ").append(component.logFile());
    message.append(System.lineSeparator()).append(tail(component.logFile()));
    return new StackException(message.toString(), cause);
  }

  static String tail(Path file) {
    try {
      if (!Files.exists(file)) {
        return "(no log yet)";
      }
      List<String> lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
      return String.join(
          System.lineSeparator(),
          lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(cannot read log: " + e.getMessage() + ")";
    }
  }

  /** Stops every component by pid, dependants first; with purge, deletes var/ as well. */
  public void down(boolean purge) {
    List<Component> reversed = new ArrayList<>(components.values());
    java.util.Collections.reverse(reversed);
    for (Component component : reversed) {
      boolean stopped = false;
      try {
        stopped |= component.beforeStop();
      } catch (IOException | RuntimeException e) {
        report("%-8s could not stop cleanly: %s".formatted(component.name(), e.getMessage()));
      }
      for (ManagedProcess process : reversed(component.recordedProcesses())) {
        stopped |= process.stop(STOP_GRACE);
      }
      report("%-8s %s".formatted(component.name(), stopped ? "stopped" : "not running"));
    }
    if (purge) {
      deleteRecursively(config.varDir());
      report("removed " + config.varDir());
    }
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }

  @Override
  public void close() {
    down(false);
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + root, e);
    }
  }

  private synchronized void report(String line) {
    out.println("  " + line);
    out.flush();
    LOG.debug(line);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("Cannot wait for the stack: interrupted", e);
    }
  }

  /** A stack operation failed; the message names the component and carries its log tail. */
  public static final class StackException extends RuntimeException {
    public StackException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
