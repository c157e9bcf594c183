package io.watershed.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real Kafka 4.4 broker for the ITs: one KRaft process (broker and controller) started as a child
 * JVM on free ports, storage formatted by {@code kafka.tools.StorageTool} under target/. The
 * collector's fixture of the same name, trimmed to what the monitor's ITs need: a module does not
 * depend on a deployable's test jar (the root pom's enforcer rule), so the few lines are repeated.
 */
final class KafkaBroker implements AutoCloseable {
  static final int PARTITIONS = 2;

  private final Path directory;
  private final Process process;
  private final String bootstrap;

  private KafkaBroker(Path directory, Process process, String bootstrap) {
    this.directory = directory;
    this.process = process;
    this.bootstrap = bootstrap;
  }

  static KafkaBroker start() {
    Path directory =
        Path.of("target", "kafka-it", UUID.randomUUID().toString().substring(0, 8))
            .toAbsolutePath();
    try {
      Files.createDirectories(directory);
      int port = freePort();
      int controllerPort = freePort();
      // the OS may hand back the same free port twice in a row
      while (controllerPort == port) {
        controllerPort = freePort();
      }
      Path properties = directory.resolve("server.properties");
      Files.writeString(
          properties, serverProperties(port, controllerPort, directory.resolve("data")));
      Files.writeString(
          directory.resolve("logback.xml"),
          """
          <configuration>
            <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
              <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
            </appender>
            <root level="WARN"><appender-ref ref="OUT"/></root>
          </configuration>
          """);
      Path log = directory.resolve("broker.log");
      Process format =
          java(
              directory,
              log,
              "kafka.tools.StorageTool",
              "format",
              "--cluster-id",
              clusterId(),
              "--config",
              properties.toString());
      if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
        throw new IllegalStateException(
            "Cannot format Kafka storage in %s: %s".formatted(directory, Files.readString(log)));
      }
      Process broker = java(directory, log, "kafka.Kafka", properties.toString());
      KafkaBroker kafka = new KafkaBroker(directory, broker, "127.0.0.1:" + port);
      kafka.awaitReady(Duration.ofSeconds(90), log);
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start Kafka in " + directory, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot start Kafka: interrupted", e);
    }
  }

  String bootstrap() {
    return bootstrap;
  }

  /** A new topic with a unique name, {@link #PARTITIONS} partitions. */
  String createTopic(String prefix) {
    String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot create topic " + topic + ": " + e, e);
    }
    return topic;
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  private void awaitReady(Duration timeout, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Cannot start Kafka: the broker exited with %d: %s"
                .formatted(process.exitValue(), Files.readString(log)));
      }
      try (Admin admin = admin()) {
        if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(500);
    }
    close();
    throw new IllegalStateException("Cannot start Kafka within " + timeout + ": " + last, last);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // best effort: target/ is cleaned by the next mvn clean anyway
    }
  }

  private static Process java(Path directory, Path log, String mainClass, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms128m");
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dlogback.configurationFile=" + directory.resolve("logback.xml"));
    command.add("-cp");
    command.add(brokerClasspath());
    command.add(mainClass);
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(directory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** Written by maven-dependency-plugin's build-classpath: the test classpath with kafka_2.13. */
  private static String brokerClasspath() throws IOException {
    Path file =
        Path.of(
            System.getProperty(
                "kafka.broker.classpath.file",
                Path.of("target", "kafka-broker.classpath").toString()));
    if (!Files.exists(file)) {
      throw new IllegalStateException(
          "Cannot find the Kafka broker classpath %s: run the ITs through Maven (mvn verify)"
              .formatted(file.toAbsolutePath()));
    }
    return Files.readString(file).strip();
  }

  private static String serverProperties(int port, int controllerPort, Path dataDir) {
    return """
        process.roles=broker,controller
        node.id=1
        controller.quorum.voters=1@127.0.0.1:%2$d
        listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
        advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
        controller.listener.names=CONTROLLER
        listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
        inter.broker.listener.name=PLAINTEXT
        log.dirs=%3$s
        num.partitions=2
        auto.create.topics.enable=true
        offsets.topic.replication.factor=1
        transaction.state.log.replication.factor=1
        transaction.state.log.min.isr=1
        share.coordinator.state.topic.replication.factor=1
        share.coordinator.state.topic.min.isr=1
        group.initial.rebalance.delay.ms=0
        """
        .formatted(port, controllerPort, dataDir);
  }

  /** Kafka cluster ids are 16 random bytes in URL-safe base64 without padding. */
  private static String clusterId() {
    while (true) {
      UUID uuid = UUID.randomUUID();
      ByteBuffer bytes = ByteBuffer.allocate(16);
      bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
      // StorageTool's argument parser reads an id starting with '-' as an option
      if (!id.startsWith("-")) {
        return id;
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port", e);
    }
  }
}
