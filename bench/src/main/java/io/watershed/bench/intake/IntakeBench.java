package io.watershed.bench.intake;

import io.watershed.collector.intake.IntakeConfig;
import io.watershed.collector.intake.IntakeServer;
import io.watershed.contracts.ProvenanceHeaders;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@code bench intake}: the same UBC records, at the same fixed rate and in the same batches, put
 * into Kafka three ways in one run: straight with kafka-clients (the baseline, the intake's own
 * producer settings and headers), through the HTTP intake as JSON lines, and as gzip JSON lines.
 * Prints records/s, MB/s and batch latency percentiles as a Markdown table. Needs a broker.
 */
final class IntakeBench {
  private static final String APP_KEY = "bench";
  private static final int PARTITIONS = 2;
  private static final int POOL_BATCHES = 400;

  private final IntakeBenchOptions options;
  private final PrintWriter out;

  private IntakeBench(IntakeBenchOptions options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the bench and prints its table. */
  static void run(IntakeBenchOptions options, PrintWriter out) throws Exception {
    new IntakeBench(options, out).run();
  }

  private void run() throws Exception {
    int batches = Math.max(1, options.records() / options.batch());
    int records = batches * options.batch();
    BenchWorkload workload = BenchWorkload.generate(options, Math.min(batches, POOL_BATCHES));
    String prefix = "ws.bench." + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> adminSettings =
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    IntakeConfig intake = intakeConfig(prefix + ".intake");
    IntakeConfig gzip = intakeConfig(prefix + ".gzip");
    List<String> topics = List.of(prefix + ".direct", intake.topic(), gzip.topic());
    try (Admin admin = Admin.create(adminSettings)) {
      admin
          .createTopics(topics.stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList())
          .all()
          .get(30, TimeUnit.SECONDS);
      try {
        out.printf(
            Locale.ROOT,
            "Intake bench: %d UBC records of %.0f B on average (JSON lines body %.0f KiB, gzip %.0f"
                + " KiB) in batches of %d, target rate %s, at most %d batches in flight; Kafka %s,"
                + " %d partitions per topic; producer %s%n%n",
            records,
            workload.averageRecordBytes(),
            workload.averageBodyBytes() / 1024,
            workload.averageGzipBytes() / 1024,
            options.batch(),
            options.rate() > 0 ? options.rate() + " records/s" : "unthrottled",
            options.concurrency(),
            options.bootstrap(),
            PARTITIONS,
            producerSummary(intake));
        List<Row> rows = new ArrayList<>();
        rows.add(direct(admin, topics.get(0), intake, workload, batches));
        rows.add(http(admin, "intake HTTP, JSON lines", intake, workload, batches, false));
        rows.add(http(admin, "intake HTTP, gzip JSON lines", gzip, workload, batches, true));
        print(rows, records, workload);
      } finally {
        admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private IntakeConfig intakeConfig(String topic) {
    return new IntakeConfig(
        "127.0.0.1",
        0,
        Map.of(APP_KEY, "bench"),
        topic,
        options.bootstrap(),
        8 * 1024 * 1024,
        1_024_000,
        1_000_000,
        256L * 1024 * 1024,
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(60),
        Duration.ofSeconds(60),
        2,
        4,
        // No ticks: the bench counts the records in its topics.
        Duration.ZERO);
  }

  private static String producerSummary(IntakeConfig config) {
    Map<String, Object> settings = config.producerSettings(Map.of());
    return "acks=%s, idempotence=%s, compression=%s, linger.ms=%s, batch.size=%s"
        .formatted(
            settings.get("acks"),
            settings.get("enable.idempotence"),
            settings.get("compression.type"),
            settings.get("linger.ms"),
            settings.get("batch.size"));
  }

  /** The baseline: kafka-clients with the intake's producer settings and headers. */
  private Row direct(
      Admin admin, String topic, IntakeConfig config, BenchWorkload workload, int batches)
      throws Exception {
    try (Producer<byte[], byte[]> producer =
        new KafkaProducer<>(config.producerSettings(Map.of()))) {
      IntFunction<CompletableFuture<Boolean>> send =
          index -> {
            byte[][] batch = workload.records(index);
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            AtomicInteger pending = new AtomicInteger(batch.length);
            long receiveTs = System.currentTimeMillis();
            Header app = header(ProvenanceHeaders.APP, "bench");
            Header channel = header(ProvenanceHeaders.CHANNEL, "client");
            Header batchId = header(ProvenanceHeaders.BATCH_ID, UUID.randomUUID().toString());
            Header ts = header(ProvenanceHeaders.RECEIVE_TS, Long.toString(receiveTs));
            for (int i = 0; i < batch.length; i++) {
              RecordHeaders headers =
                  new RecordHeaders(
                      new Header[] {
                        app, channel, batchId, header(ProvenanceHeaders.BATCH_INDEX, "" + i), ts
                      });
              producer.send(
                  new ProducerRecord<>(topic, null, receiveTs, null, batch[i], headers),
                  (metadata, error) -> {
                    if (error != null) {
                      done.complete(false);
                    } else if (pending.decrementAndGet() == 0) {
                      done.complete(true);
                    }
                  });
            }
            return done;
          };
      pace(Math.min(batches, Math.max(10, batches / 10)), send); // warm-up
      long before = endOffsets(admin, topic);
      Measured measured = pace(batches, send);
      return new Row(
          "kafka-clients straight to Kafka (baseline)",
          measured,
          endOffsets(admin, topic) - before);
    }
  }

  private Row http(
      Admin admin,
      String name,
      IntakeConfig config,
      BenchWorkload workload,
      int batches,
      boolean gzip)
      throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try (IntakeServer server = IntakeServer.start(config, Map.of())) {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(executor)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      URI uri = server.uri().resolve("/v1/ubc/client");
      IntFunction<CompletableFuture<Boolean>> send =
          index -> {
            HttpRequest.Builder request =
                HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .header("X-Watershed-App-Key", APP_KEY)
                    .header("Content-Type", "application/x-ndjson");
            if (gzip) {
              request.header("Content-Encoding", "gzip");
            }
            byte[] body = gzip ? workload.gzipBody(index) : workload.body(index);
            return client
                .sendAsync(
                    request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> response.statusCode() == 202)
                .exceptionally(error -> false);
          };
      pace(Math.min(batches, Math.max(10, batches / 10)), send); // warm-up
      long before = endOffsets(admin, config.topic());
      Measured measured = pace(batches, send);
      return new Row(name, measured, endOffsets(admin, config.topic()) - before);
    } finally {
      executor.shutdownNow();
    }
  }

  /** Starts batch i at start + i * batch / rate, with at most {@code concurrency} in flight. */
  private Measured pace(int batches, IntFunction<CompletableFuture<Boolean>> send)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(options.concurrency());
    long[] latencies = new long[batches];
    AtomicInteger failed = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(batches);
    double nanosPerBatch = options.rate() > 0 ? options.batch() * 1e9 / options.rate() : 0;
    long start = System.nanoTime();
    for (int i = 0; i < batches; i++) {
      long due = start + (long) (i * nanosPerBatch);
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      inFlight.acquire();
      long sent = System.nanoTime();
      int index = i;
      CompletableFuture<Boolean> result;
      try {
        result = send.apply(i);
      } catch (RuntimeException e) {
        result = CompletableFuture.completedFuture(false);
      }
      result.whenComplete(
          (ok, error) -> {
            latencies[index] = System.nanoTime() - sent;
            if (error != null || !Boolean.TRUE.equals(ok)) {
              failed.incrementAndGet();
            }
            inFlight.release();
            done.countDown();
          });
    }
    done.await();
    return new Measured(System.nanoTime() - start, latencies, failed.get());
  }

  private static long endOffsets(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int partition = 0; partition < PARTITIONS; partition++) {
      request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
    }
    return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
        .mapToLong(info -> info.offset())
        .sum();
  }

  private void print(List<Row> rows, int records, BenchWorkload workload) {
    double megabytes = records * workload.averageRecordBytes() / 1e6;
    out.println(
        "| path | records/s | MB/s | batch p50 ms | batch p99 ms | batch max ms | failed batches"
            + " | records in Kafka |");
    out.println("|---|---|---|---|---|---|---|---|");
    for (Row row : rows) {
      double seconds = row.measured().nanos() / 1e9;
      out.printf(
          Locale.ROOT,
          "| %s | %,.0f | %.1f | %.1f | %.1f | %.1f | %d | %,d of %,d |%n",
          row.name(),
          records / seconds,
          megabytes / seconds,
          row.measured().percentile(50),
          row.measured().percentile(99),
          row.measured().percentile(100),
          row.measured().failed(),
          row.inKafka(),
          records);
    }
    Row baseline = rows.get(0);
    for (Row row : rows.subList(1, rows.size())) {
      out.printf(
          Locale.ROOT,
          "%n%s vs baseline: %.0f %% of its records/s; p50 %+.1f ms, p99 %+.1f ms",
          row.name(),
          100.0 * baseline.measured().nanos() / row.measured().nanos(),
          row.measured().percentile(50) - baseline.measured().percentile(50),
          row.measured().percentile(99) - baseline.measured().percentile(99));
    }
    out.println();
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private record Row(String name, Measured measured, long inKafka) {}

  private record Measured(long nanos, long[] latencies, int failed) {
    /** The percentile of batch latency, in milliseconds. */
    double percentile(double percent) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      int index = (int) Math.ceil(percent / 100 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
  }
}
