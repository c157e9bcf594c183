package io.watershed.infra;

import io.watershed.kit.config.ConfigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The stack the ITs share: started once per test JVM on free ports under target/, stopped and
 * deleted when the JVM exits. Each test works in its own namespace or topic.
 */
public final class TestStack {
  private static LocalStack shared;

  private TestStack() {}

  /** The repository root (failsafe runs in infra/stack). */
  public static Path home() {
    Path directory = Path.of("").toAbsolutePath();
    while (directory != null && !Files.exists(directory.resolve("watershed"))) {
      directory = directory.getParent();
    }
    if (directory == null) {
      throw new IllegalStateException(
          "Cannot find the repository root above " + Path.of("").toAbsolutePath());
    }
    return directory;
  }

  /** A config on free ports, with its own var dir under target/. */
  public static StackConfig freshConfig(String purpose) {
    Path varDir =
        Path.of("target", "it-stack", purpose + "-" + UUID.randomUUID().toString().substring(0, 8))
            .toAbsolutePath();
    Map<String, String> settings = new HashMap<>();
    settings.put(StackKeys.VAR_DIR.name(), varDir.toString());
    // Commit to Iceberg every 5 s, so tests see their rows soon.
    settings.put(StackKeys.CHECKPOINT_INTERVAL.name(), "5s");
    // A test machine may be busy with other builds: a slow start is not a failed one.
    settings.put(StackKeys.START_TIMEOUT.name(), "8m");
    // No scheduled lake upkeep: ITs post traffic dated years back (UbcMonitoringIT), which
    // retention would drop mid-test; LakeUpkeepIT runs its rounds on demand.
    settings.put(StackKeys.UPKEEP_INTERVAL.name(), "0s");
    // Rule changes reach the jobs' UDFs within 2 s.
    settings.put("jobs.rules-interval", "2s");
    Set<Integer> used = new HashSet<>();
    for (ConfigKey<Integer> key : StackKeys.PORTS) {
      settings.put(key.name(), Integer.toString(freePort(used)));
    }
    return StackConfig.load(home(), settings);
  }

  /** The shared stack with every component up. */
  public static synchronized LocalStack shared() {
    if (shared == null) {
      LocalStack stack = new LocalStack(freshConfig("shared"), System.out);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stack.down(true), "stop-test-stack"));
      try {
        stack.up(Set.of());
      } catch (RuntimeException e) {
        stack.down(false);
        throw e;
      }
      shared = stack;
    }
    return shared;
  }

  static int freePort(Set<Integer> used) {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0)) {
        int port = socket.getLocalPort();
        if (used.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot find a free port", e);
      }
    }
  }

  /** A lower-case unique suffix for namespaces and topics. */
  public static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }
}
