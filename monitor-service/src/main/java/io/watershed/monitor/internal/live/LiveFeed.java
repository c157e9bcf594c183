package io.watershed.monitor.internal.live;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import io.watershed.monitor.internal.Metrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the monitoring queue into the {@link LiveMinutes}: a Kafka consumer of its own (no consumer
 * group, nothing committed) assigned every partition of the topic and positioned, on start, at the
 * records appended since the lookback ({@code offsetsForTimes}); a second thread refreshes the
 * watermark every {@link #WATERMARK_REFRESH} and drops the minutes no point needs. Kafka down at
 * start or later fails nothing: the consumer retries and {@link #available()} turns false.
 */
public final class LiveFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  static final Duration WATERMARK_REFRESH = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration KAFKA_CALL = Duration.ofSeconds(5);
  private static final Duration RETRY = Duration.ofSeconds(2);

  /** How often the reader asks Kafka for the end offsets (its sign of life) and new partitions. */
  private static final Duration CONTACT_CHECK = Duration.ofSeconds(5);

  /** Without an answer from Kafka for this long, the live minutes are not available. */
  static final Duration STALE_AFTER = Duration.ofSeconds(30);

  private final LiveSettings settings;
  private final LiveMinutes minutes;
  private final WatermarkSource watermarks;
  private final Metrics metrics;
  private final Clock clock;
  private final JsonFactory json = new JsonFactory();
  private final Thread reader;
  private final ScheduledExecutorService refresher;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closed;
  private volatile boolean positioned;
  private volatile long lastContact = Long.MIN_VALUE;
  private boolean full;
  private long droppedWhileFull;
  private boolean unreadableLogged;
  private boolean watermarkFailing;

  private LiveFeed(
      LiveSettings settings,
      LiveMinutes minutes,
      WatermarkSource watermarks,
      Metrics metrics,
      Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.minutes = requireNonNull(minutes, "minutes is null");
    this.watermarks = watermarks;
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.reader = new Thread(this::read, "monitor-live-reader");
    this.reader.setDaemon(true);
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "monitor-live-watermark");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts reading {@code settings.topic()}.
   *
   * @param watermarks the windows' watermark, or null without Trino (minutes are then kept up to
   *     the lookback only)
   */
  public static LiveFeed start(
      LiveSettings settings, WatermarkSource watermarks, Metrics metrics, Clock clock) {
    LiveFeed feed =
        new LiveFeed(
            settings,
            new LiveMinutes(settings.maxKeys(), settings.lookback().toMillis()),
            watermarks,
            metrics,
            clock);
    metrics.liveGauges(feed.minutes::keys, feed::available);
    feed.reader.start();
    feed.refresher.scheduleWithFixedDelay(
        feed::refreshWatermark, 0, WATERMARK_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    return feed;
  }

  public LiveMinutes minutes() {
    return minutes;
  }

  /**
   * Whether the live minutes can answer: the queue is being read (positioned at the lookback) and
   * Kafka answered within {@link #STALE_AFTER}.
   */
  public boolean available() {
    return positioned && clock.millis() - lastContact <= STALE_AFTER.toMillis();
  }

  private void read() {
    while (!closed) {
      try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties())) {
        consumer = kafka;
        if (closed) {
          return;
        }
        readFrom(kafka);
      } catch (WakeupException | InterruptException e) {
        if (closed) {
          return;
        }
        LOG.warn("Live minutes: the reader was woken up or interrupted; reading again");
      } catch (RuntimeException e) {
        // e.g. brokers that do not resolve: no consumer until they do
        LOG.warn(
            "Cannot read the monitoring queue {} from {}: {}; trying again in {} s",
            settings.topic(),
            settings.kafkaBootstrap(),
            e.toString(),
            RETRY.toSeconds());
        pause(RETRY);
      }
    }
  }

  private Map<String, Object> consumerProperties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "watershed-monitor-live");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // the jobs create the queue; a monitor asking for it must not
    properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // records deleted under the reader: go on from the oldest left (old ones count as too old)
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return properties;
  }

  /** Assigns the topic's partitions, positions them at the lookback, then reads until closed. */
  private void readFrom(KafkaConsumer<byte[], byte[]> kafka) {
    List<TopicPartition> partitions = awaitPartitions(kafka);
    if (partitions.isEmpty()) {
      return;
    }
    long readFrom = clock.millis() - settings.lookback().toMillis();
    kafka.assign(partitions);
    position(kafka, partitions, readFrom);
    Map<Integer, Long> offsets = new TreeMap<>();
    partitions.forEach(partition -> offsets.put(partition.partition(), kafka.position(partition)));
    minutes.start(readFrom);
    positioned = true;
    lastContact = clock.millis();
    LOG.info(
        "Live minutes on: reading {} from {} at the records appended since {}: offsets {}",
        settings.topic(),
        settings.kafkaBootstrap(),
        Instant.ofEpochMilli(readFrom),
        offsets);
    long nextCheck = 0;
    while (!closed) {
      try {
        ConsumerRecords<byte[], byte[]> records = kafka.poll(POLL);
        if (!records.isEmpty()) {
          lastContact = clock.millis();
          count(records);
        }
        if (clock.millis() >= nextCheck) {
          partitions = checkContact(kafka, partitions);
          nextCheck = clock.millis() + CONTACT_CHECK.toMillis();
        }
      } catch (WakeupException | InterruptException e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.warn("Cannot read the monitoring queue {}: {}", settings.topic(), e.toString());
        pause(RETRY);
      }
    }
  }

  /** The topic's partitions, once it exists; empty when closed before. */
  private List<TopicPartition> awaitPartitions(KafkaConsumer<byte[], byte[]> kafka) {
    boolean logged = false;
    while (!closed) {
      List<TopicPartition> partitions = List.of();
      String reason;
      try {
        partitions = partitions(kafka);
        reason = "it does not exist yet";
      } catch (WakeupException | InterruptException e) {
        throw e;
      } catch (RuntimeException e) {
        reason = e.toString();
      }
      if (!partitions.isEmpty()) {
        return partitions;
      }
      if (!logged) {
        LOG.info(
            "Live minutes wait for the monitoring queue {} at {}: {}",
            settings.topic(),
            settings.kafkaBootstrap(),
            reason);
        logged = true;
      }
      pause(RETRY);
    }
    return List.of();
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> kafka) {
    List<PartitionInfo> infos = kafka.partitionsFor(settings.topic(), KAFKA_CALL);
    List<TopicPartition> partitions = new ArrayList<>();
    if (infos != null) {
      infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    }
    return partitions;
  }

  /**
   * Seeks each partition to its first record appended at or after {@code time}, else to the end it
   * had before asking: a record appended meanwhile is read (a lazy seek to the end would skip it).
   */
  private void position(
      KafkaConsumer<byte[], byte[]> kafka, List<TopicPartition> partitions, long time) {
    Map<TopicPartition, Long> times = new HashMap<>();
    partitions.forEach(partition -> times.put(partition, time));
    while (true) {
      try {
        Map<TopicPartition, Long> ends = kafka.endOffsets(partitions, KAFKA_CALL);
        Map<TopicPartition, OffsetAndTimestamp> offsets = kafka.offsetsForTimes(times, KAFKA_CALL);
        for (TopicPartition partition : partitions) {
          OffsetAndTimestamp offset = offsets.get(partition);
          kafka.seek(partition, offset == null ? ends.get(partition) : offset.offset());
        }
        return;
      } catch (TimeoutException e) {
        pause(RETRY);
        if (closed) {
          throw new WakeupException();
        }
      }
    }
  }

  /**
   * Asks Kafka for the end offsets (an answer is a sign of life) and for the topic's partitions;
   * new ones are read from their start.
   */
  private List<TopicPartition> checkContact(
      KafkaConsumer<byte[], byte[]> kafka, List<TopicPartition> partitions) {
    try {
      kafka.endOffsets(partitions, KAFKA_CALL);
      lastContact = clock.millis();
      List<TopicPartition> now = partitions(kafka);
      List<TopicPartition> added = new ArrayList<>(now);
      added.removeAll(partitions);
      if (!added.isEmpty()) {
        kafka.assign(now);
        kafka.seekToBeginning(added);
        LOG.info("Live minutes read {} new partition(s) of {}", added.size(), settings.topic());
        return now;
      }
    } catch (TimeoutException e) {
      // no answer: available() turns false after STALE_AFTER
    }
    return partitions;
  }

  private void count(ConsumerRecords<byte[], byte[]> records) {
    List<LiveRecord> readable = new ArrayList<>(records.count());
    long unreadable = 0;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      LiveRecord live = null;
      try {
        live = LiveRecord.read(json, record.value());
      } catch (IOException e) {
        // not JSON: counted below
      }
      if (live == null) {
        unreadable++;
        if (!unreadableLogged) {
          LOG.warn(
              "Cannot count record {} of {} partition {} in the live minutes: not a monitoring"
                  + " record; more are counted in watershed_monitor_live_records_total"
                  + "{{outcome=\"unreadable\"}}",
              record.offset(),
              record.topic(),
              record.partition());
          unreadableLogged = true;
        }
      } else {
        readable.add(live);
      }
    }
    metrics.liveRecords("unreadable", unreadable);
    metrics.discarded("live_unreadable", unreadable);
    Map<LiveMinutes.Outcome, Integer> outcomes = minutes.addAll(readable, clock.millis());
    outcomes.forEach(
        (outcome, n) -> metrics.liveRecords(outcome.name().toLowerCase(Locale.ROOT), n));
    int capped = outcomes.getOrDefault(LiveMinutes.Outcome.KEY_CAP, 0);
    metrics.discarded("live_key_cap", capped);
    if (capped > 0) {
      if (!full) {
        LOG.warn(
            "Live minutes full: {} keys (monitor.live.max-keys); records of new keys are dropped"
                + " until the watermark frees minutes",
            settings.maxKeys());
        full = true;
      }
      droppedWhileFull += capped;
    } else if (full && minutes.keys() < settings.maxKeys()) {
      LOG.info(
          "Live minutes take new keys again: {} record(s) were dropped while full",
          droppedWhileFull);
      full = false;
      droppedWhileFull = 0;
    }
  }

  /** Reads the watermark (when there is a source) and drops the minutes no point needs. */
  private void refreshWatermark() {
    Long watermark = null;
    if (watermarks != null) {
      try {
        watermark = watermarks.windowsWatermark();
        if (watermarkFailing) {
          LOG.info("Live minutes read the watermark again");
          watermarkFailing = false;
        }
      } catch (RuntimeException e) {
        if (!watermarkFailing) {
          LOG.warn(
              "Cannot refresh the live minutes' watermark: {}; minutes are kept up to the"
                  + " lookback until it answers",
              e.getMessage());
          watermarkFailing = true;
        }
      }
    }
    try {
      minutes.advance(watermark, clock.millis());
    } catch (RuntimeException e) {
      LOG.error("Cannot drop old live minutes: {}", e.toString(), e);
    }
  }

  /** Waits {@code duration}, or less when closed meanwhile. */
  private void pause(Duration duration) {
    try {
      stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    stopped.countDown();
    refresher.shutdownNow();
    KafkaConsumer<byte[], byte[]> kafka = consumer;
    if (kafka != null) {
      kafka.wakeup();
    }
    try {
      reader.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
