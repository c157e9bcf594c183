package io.watershed.collector.agent.internal;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.agent.AgentConfig;
import io.watershed.collector.agent.SourceConfig;
import io.watershed.collector.internal.CollectorErrorCode;
import io.watershed.collector.internal.Metrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's reading loop, on one thread: expands the sources' globs, follows files by inode and
 * fingerprint, reads new lines, hands them to Kafka and persists the acknowledged offsets.
 */
public final class Tailer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Tailer.class);

  /** How long a file no source matches any more must stay unchanged at its end to be let go. */
  static final long RELEASE_AFTER_NANOS = 1_000_000_000L;

  private static final long SAVE_EVERY_NANOS = 100_000_000L;
  private static final long STOP_WAIT_NANOS = 30_000_000_000L;
  private static final long READ_PER_FILE_PER_ROUND = 1024 * 1024;

  private final AgentConfig config;
  private final String host;
  private final KafkaProducer<byte[], byte[]> producer;
  private final OffsetStore store;
  private final InflightBudget budget;
  private final ByteBuffer buffer;
  private final Map<FileKey, TrackedFile> files = new LinkedHashMap<>();
  private final List<TrackedFile> draining = new ArrayList<>();
  private final Map<FileKey, OffsetStore.Entry> stored = new HashMap<>();
  private volatile List<SourceConfig> sources;
  private volatile boolean running = true;
  private volatile List<OffsetStore.Entry> snapshot = List.of();
  private long lastSaveNanos;
  private boolean firstRound = true;
  private List<OffsetStore.Entry> lastSaved = List.of();

  public final AtomicLong linesRead = new AtomicLong();
  public final AtomicLong bytesRead = new AtomicLong();
  public final AtomicLong linesAcknowledged = new AtomicLong();
  public final AtomicLong linesSplit = new AtomicLong();
  public final AtomicLong partialLinesFlushed = new AtomicLong();
  public final AtomicLong truncations = new AtomicLong();
  public final AtomicLong filesReleased = new AtomicLong();
  public final AtomicLong sendErrors = new AtomicLong();

  private final Metrics.Component metrics;

  public Tailer(
      AgentConfig config,
      String host,
      KafkaProducer<byte[], byte[]> producer,
      Metrics.Component metrics)
      throws IOException {
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.config = requireNonNull(config, "config is null");
    this.host = requireNonNull(host, "host is null");
    this.producer = requireNonNull(producer, "producer is null");
    this.store = new OffsetStore(config.stateDirectory());
    this.budget = new InflightBudget(config.inflightBytes());
    this.buffer = ByteBuffer.allocate(config.readBufferBytes());
    this.sources = config.sources();
    for (OffsetStore.Entry entry : store.load()) {
      stored.put(new FileKey(entry.device(), entry.inode()), entry);
    }
  }

  /** Replaces the sources; files of removed sources are read to their end and let go. */
  public void sources(List<SourceConfig> newSources) {
    this.sources = List.copyOf(newSources);
  }

  public List<SourceConfig> sources() {
    return sources;
  }

  /** The files as of the last round: committed offsets (the {@code offset} field), paths. */
  public List<OffsetStore.Entry> files() {
    return snapshot;
  }

  /** Bytes of the tracked files not yet committed. */
  public long lagBytes() {
    long lag = 0;
    for (OffsetStore.Entry entry : snapshot) {
      lag += Math.max(0, sizes.getOrDefault(entry.fileId(), 0L) - entry.offset());
    }
    return lag;
  }

  private volatile Map<String, Long> sizes = Map.of();

  public int fileCount() {
    return snapshot.size();
  }

  public long inflightBytes() {
    return budget.used();
  }

  /** Asks the loop to stop after its current line. */
  public void stop() {
    running = false;
  }

  @Override
  public void run() {
    try {
      while (running) {
        long read = round();
        if (read == 0 && running) {
          Thread.sleep(config.pollInterval().toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LOG.error("Cannot go on reading files: {}", e.toString(), e);
    } finally {
      finish();
    }
  }

  /** One scan and read over every file; returns the bytes read. */
  long round() throws IOException, InterruptedException {
    Map<FileKey, Discovered> discovered = discover();
    for (TrackedFile file : files.values()) {
      Discovered found = discovered.get(file.key);
      file.matched = found != null;
      if (found != null) {
        file.path = found.path();
        file.source = found.source();
      }
    }
    for (Map.Entry<FileKey, Discovered> found : discovered.entrySet()) {
      if (!files.containsKey(found.getKey())) {
        TrackedFile file = open(found.getKey(), found.getValue());
        if (file != null) {
          files.put(file.key, file);
        }
      }
    }
    if (firstRound) {
      firstRound = false;
      recoverMovedFiles();
    }
    long read = 0;
    List<TrackedFile> released = new ArrayList<>();
    Map<String, Long> newSizes = new HashMap<>();
    for (TrackedFile file : files.values()) {
      if (!running) {
        break;
      }
      checkStart(file);
      long bytes = file.read(buffer, config.maxLineBytes(), READ_PER_FILE_PER_ROUND, this::send);
      read += bytes;
      bytesRead.addAndGet(bytes);
      metrics.receivedBytes(bytes);
      file.size = file.channel.size();
      newSizes.put(file.fileId, file.size);
      if (!file.matched && file.position >= file.size) {
        long now = System.nanoTime();
        if (bytes > 0 || file.unchangedSinceNanos < 0) {
          file.unchangedSinceNanos = now;
        } else if (now - file.unchangedSinceNanos >= RELEASE_AFTER_NANOS) {
          if (file.holdsPartialLine()) {
            partialLinesFlushed.incrementAndGet();
          }
          file.flushPartialLine(this::send);
          released.add(file);
        }
      } else {
        file.unchangedSinceNanos = -1;
      }
    }
    for (TrackedFile file : released) {
      files.remove(file.key);
      file.channel.close();
      draining.add(file);
      filesReleased.incrementAndGet();
      LOG.info(
          "file {} ({}) let go at offset {}: no longer matched, read to its end",
          file.path,
          file.fileId,
          file.position);
    }
    draining.removeIf(file -> file.acks.idle());
    sizes = newSizes;
    saveOffsets(false);
    return read;
  }

  /**
   * Files with stored offsets that no glob matches any more, e.g. rotated away while the agent was
   * stopped: looked for by inode and fingerprint in their old directory, then read to their end.
   */
  private void recoverMovedFiles() throws IOException {
    for (OffsetStore.Entry entry : new ArrayList<>(stored.values())) {
      FileKey key = new FileKey(entry.device(), entry.inode());
      SourceConfig source =
          sources.stream().filter(s -> s.name().equals(entry.source())).findFirst().orElse(null);
      Path parent = Path.of(entry.path()).getParent();
      if (source == null || parent == null || !java.nio.file.Files.isDirectory(parent)) {
        continue;
      }
      List<Path> candidates;
      try (java.util.stream.Stream<Path> listing = java.nio.file.Files.list(parent)) {
        candidates = listing.filter(java.nio.file.Files::isRegularFile).toList();
      }
      for (Path candidate : candidates) {
        FileKey candidateKey;
        try {
          candidateKey = FileKey.of(candidate);
        } catch (IOException e) {
          continue;
        }
        if (candidateKey.equals(key) && sameStart(candidate, entry)) {
          TrackedFile file = open(key, new Discovered(candidate, source));
          if (file != null) {
            file.matched = false;
            files.put(key, file);
            LOG.info(
                "file {} ({}) was {}: moved while the agent was stopped, read to its end",
                candidate,
                file.fileId,
                entry.path());
          }
          break;
        }
      }
    }
  }

  private static boolean sameStart(Path path, OffsetStore.Entry entry) {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return new Fingerprint(entry.fingerprintLength(), entry.fingerprintHash()).matches(channel);
    } catch (IOException e) {
      return false;
    }
  }

  private record Discovered(Path path, SourceConfig source) {}

  private Map<FileKey, Discovered> discover() {
    Map<FileKey, Discovered> found = new LinkedHashMap<>();
    for (SourceConfig source : sources) {
      for (String glob : source.paths()) {
        try {
          for (Path path : Globs.expand(glob)) {
            try {
              found.putIfAbsent(FileKey.of(path), new Discovered(path, source));
            } catch (IOException e) {
              // vanished between listing and stat: the next scan decides
            }
          }
        } catch (IOException e) {
          LOG.warn("Cannot list files of source {} glob {}: {}", source.name(), glob, e.toString());
        }
      }
    }
    return found;
  }

  private TrackedFile open(FileKey key, Discovered found) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(found.path(), StandardOpenOption.READ);
      if (!FileKey.of(found.path()).equals(key)) {
        channel.close();
        return null; // replaced between the scan and the open: the next scan sees the new one
      }
    } catch (IOException e) {
      return null;
    }
    long size = channel.size();
    OffsetStore.Entry entry = stored.remove(key);
    if (entry != null) {
      Fingerprint known = new Fingerprint(entry.fingerprintLength(), entry.fingerprintHash());
      if (known.matches(channel)) {
        long start = entry.offset() <= size ? entry.offset() : 0;
        LOG.info(
            "file {} ({}) resumed at offset {} of {}", found.path(), entry.fileId(), start, size);
        return new TrackedFile(
            entry.fileId(),
            key,
            channel,
            found.source(),
            found.path(),
            Fingerprint.of(channel),
            start);
      }
      LOG.info(
          "file {} reuses inode {} with other content: a new file, read from its start",
          found.path(),
          key);
    }
    String fileId = key + ":" + Long.toHexString(System.currentTimeMillis());
    LOG.info("file {} ({}) found, read from its start", found.path(), fileId);
    return new TrackedFile(
        fileId, key, channel, found.source(), found.path(), Fingerprint.of(channel), 0);
  }

  /** Detects truncation (shorter, or other first bytes) and grows a short fingerprint. */
  private void checkStart(TrackedFile file) throws IOException, InterruptedException {
    long size = file.channel.size();
    boolean sameStart = file.fingerprint.matches(file.channel);
    if (size < file.position || !sameStart) {
      if (file.holdsPartialLine()) {
        partialLinesFlushed.incrementAndGet();
      }
      file.flushPartialLine(this::send);
      truncations.incrementAndGet();
      LOG.info(
          "file {} ({}) truncated from {} to {} bytes: read again from its start",
          file.path,
          file.fileId,
          file.position,
          size);
      file.restart();
    } else if (!file.fingerprint.complete() && size > file.fingerprint.length()) {
      file.fingerprint = Fingerprint.of(file.channel);
    }
  }

  private void send(TrackedFile file, long offset, byte[] bytes, int length, long end)
      throws InterruptedException {
    byte[] value = java.util.Arrays.copyOf(bytes, length);
    budget.acquire(length, () -> running);
    TrackedFile.Acks acks = file.acks;
    acks.sending(offset, end);
    RecordHeaders headers = new RecordHeaders();
    headers.add(header("agent", config.id()));
    headers.add(header("host", host));
    headers.add(header("path", file.path.toString()));
    headers.add(header("file_id", file.fileId));
    headers.add(header("file_offset", Long.toString(offset)));
    headers.add(header("read_ts", Long.toString(System.currentTimeMillis())));
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(file.source.topic(), null, null, null, value, headers);
    Thread caller = Thread.currentThread();
    while (true) {
      AtomicBoolean notTaken = new AtomicBoolean();
      try {
        producer.send(
            record,
            (metadata, error) -> {
              if (error instanceof RetriableException && Thread.currentThread() == caller) {
                // failed inside send(), e.g. no metadata within max.block.ms: not taken, retried
                notTaken.set(true);
              } else if (error == null) {
                acks.acknowledged(offset);
                linesAcknowledged.incrementAndGet();
                metrics.sentEvents(1);
                budget.release(length);
              } else {
                budget.release(length);
                sendErrors.incrementAndGet();
                metrics.error("send", CollectorErrorCode.KAFKA_REJECTED);
                LOG.error(
                    "Cannot send line at offset {} of {} ({}): {}; its offset is not committed,"
                        + " a restart reads it again",
                    offset,
                    file.path,
                    file.fileId,
                    error.toString());
              }
            });
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        notTaken.set(true);
      }
      if (!notTaken.get()) {
        break;
      }
      // Kafka is away (metadata or buffer space not available in max.block.ms): try again
      sendErrors.incrementAndGet();
      metrics.error("send", CollectorErrorCode.KAFKA_UNAVAILABLE);
      LOG.warn("Cannot hand a line of {} to Kafka yet: retrying", file.path);
      if (!running) {
        budget.release(length);
        throw new InterruptedException("agent stopping");
      }
    }
    acks.sent(end);
    linesRead.incrementAndGet();
    metrics.receivedEvents(1);
    if (length == config.maxLineBytes() && end - offset == length) {
      linesSplit.incrementAndGet();
    }
  }

  private static RecordHeader header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private void saveOffsets(boolean force) throws IOException {
    List<OffsetStore.Entry> entries = new ArrayList<>();
    for (TrackedFile file : files.values()) {
      entries.add(file.entry());
    }
    for (TrackedFile file : draining) {
      entries.add(file.entry());
    }
    entries.addAll(stored.values());
    snapshot = List.copyOf(entries);
    long now = System.nanoTime();
    if (entries.equals(lastSaved) || (!force && now - lastSaveNanos < SAVE_EVERY_NANOS)) {
      return;
    }
    store.save(entries);
    lastSaved = entries;
    lastSaveNanos = now;
  }

  /**
   * Waits (at most {@link #STOP_WAIT_NANOS}) for Kafka to acknowledge what was sent, persists the
   * offsets, closes the files.
   */
  private void finish() {
    try {
      long deadline = System.nanoTime() + STOP_WAIT_NANOS;
      while (budget.used() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      if (budget.used() > 0) {
        LOG.warn(
            "Stopping with {} bytes not acknowledged by Kafka: they are read again on start",
            budget.used());
      }
      draining.removeIf(file -> file.acks.idle());
      saveOffsets(true);
    } catch (IOException | RuntimeException e) {
      LOG.error("Cannot save agent offsets on stop: {}", e.toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (TrackedFile file : files.values()) {
      try {
        file.channel.close();
      } catch (IOException e) {
        LOG.warn("Cannot close {}: {}", file.path, e.toString());
      }
    }
  }
}
