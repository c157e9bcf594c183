package io.watershed.collector;

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
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A real Kafka 4.4 broker for the ITs: one KRaft process (broker and controller) started as a child
 * JVM on free ports, with storage formatted by {@code kafka.tools.StorageTool} under target/.
 * {@link #shared()} starts one per test JVM; each test works in its own topic.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final int PARTITIONS = 2;
  private static KafkaBroker shared;

  private final Path directory;
  private volatile Process process;
  private final String bootstrap;

  private KafkaBroker(Path directory, Process process, String bootstrap) {
    this.directory = directory;
    this.process = process;
    this.bootstrap = bootstrap;
  }

  /** Stops the broker process, keeping its data and ports, for {@link #restart()}. */
  public void stopProcess() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Starts the broker again on the same ports and data after {@link #stopProcess()}. */
  public void restart() throws IOException, InterruptedException {
    Path log = directory.resolve("broker.log");
    process =
        java(directory, log, "kafka.Kafka", directory.resolve("server.properties").toString());
    awaitReady(Duration.ofSeconds(90), log);
  }

  /** The broker of this test JVM, started on first use and stopped when the JVM exits. */
  public static synchronized KafkaBroker shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "stop-test-kafka"));
    }
    return shared;
  }

  public static KafkaBroker start() {
    return start(Map.of());
  }

  /** A broker of its own, with {@code overrides} of its server properties. */
  public static KafkaBroker start(Map<String, String> overrides) {
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
      StringBuilder settings =
          new StringBuilder(serverProperties(port, controllerPort, directory.resolve("data")));
      overrides.forEach(
          (key, value) -> settings.append(key).append('=').append(value).append('\n'));
      Files.writeString(properties, settings.toString());
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

  public String bootstrap() {
    return bootstrap;
  }

  /** A new topic with a unique name, two partitions. */
  public String createTopic(String prefix) {
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

  /**
   * Every record of the topic: polls until {@code expected} arrived or {@code timeout} passed, then
   * once more briefly, so that records beyond the expected ones show too.
   */
  public List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected, Duration timeout) {
    return read(topic, records -> records.size() >= expected, timeout, Duration.ofMillis(500));
  }

  /**
   * Every record of the topic from its start (each partition's in offset order), once {@code done}
   * holds for what was read so far (or {@code timeout} passed: the caller's checks then fail).
   */
  public List<ConsumerRecord<byte[], byte[]>> readUntil(
      String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
    return read(topic, done, timeout, Duration.ZERO);
  }

  private List<ConsumerRecord<byte[], byte[]>> read(
      String topic,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
      Duration timeout,
      Duration grace) {
    Map<String, Object> settings =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int partition = 0; partition < PARTITIONS; partition++) {
        partitions.add(new TopicPartition(topic, partition));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(records) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      long graceEnd = System.nanoTime() + grace.toNanos();
      while (System.nanoTime() < graceEnd) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  /**
   * A produce quota for one client id, {@code bytesPerSecond} a second; returns once the broker
   * describes it.
   */
  public void produceQuota(String clientId, long bytesPerSecond) {
    ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId));
    try (Admin admin = admin()) {
      admin
          .alterClientQuotas(
              List.of(
                  new ClientQuotaAlteration(
                      entity,
                      List.of(
                          new ClientQuotaAlteration.Op(
                              "producer_byte_rate", (double) bytesPerSecond)))))
          .all()
          .get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!admin
          .describeClientQuotas(
              ClientQuotaFilter.containsOnly(
                  List.of(
                      ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, clientId))))
          .entities()
          .get(30, TimeUnit.SECONDS)
          .containsKey(entity)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("The quota of " + clientId + " did not show in 30 s");
        }
        Thread.sleep(100);
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot set the produce quota of " + clientId + ": " + e, e);
    }
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

  /** A port nothing listens on now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port", e);
    }
  }
}
