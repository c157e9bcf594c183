package io.watershed.collector.agent.internal.discovery;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.agent.AgentConfig;
import io.watershed.collector.agent.SourceConfig;
import io.watershed.collector.agent.internal.AgentCounters;
import io.watershed.collector.agent.internal.kafka.InflightBudget;
import io.watershed.collector.agent.internal.kafka.RecordSender;
import io.watershed.collector.agent.internal.processing.LineRouter;
import io.watershed.collector.agent.internal.processing.SourcePipeline;
import io.watershed.collector.agent.internal.processing.TokenBucket;
import io.watershed.collector.internal.Metrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's reading loop, on one thread: finds the sources' files ({@link FileFinder}), reads new
 * lines within each source's rate limit, hands them through the source's processing ({@link
 * LineRouter}) to Kafka ({@link RecordSender}), and persists the acknowledged offsets.
 */
public final class Tailer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Tailer.class);

  /** How long a file no source matches any more must stay unchanged at its end to be let go. */
  static final long RELEASE_AFTER_NANOS = 1_000_000_000L;

  private static final long SAVE_EVERY_NANOS = 100_000_000L;
  private static final long STOP_WAIT_NANOS = 30_000_000_000L;
  private static final long READ_PER_FILE_PER_ROUND = 1024 * 1024;

  /** Bytes sent to one partition before the next gets the records: the producer's batch.size. */
  private static final long STICKY_BYTES = 256 * 1024;

  /** One followed file in the status: its committed offset and its size at the last round. */
  public record FileStatus(OffsetStore.Entry entry, long size) {
    public long lagBytes() {
      return Math.max(0, size - entry.offset());
    }
  }

  private final AgentConfig config;
  private final OffsetStore store;
  private final InflightBudget budget;
  private final ByteBuffer buffer;
  private final FileFinder finder;
  private final LineRouter router;
  private final RecordSender sender;
  private final AgentCounters counters = new AgentCounters();
  private final Metrics.Component metrics;
  private final Map<FileKey, TrackedFile> files = new LinkedHashMap<>();
  private final List<TrackedFile> draining = new ArrayList<>();
  private volatile List<SourceConfig> sources;
  private List<SourceConfig> compiledSources = List.of();
  private Map<String, SourcePipeline> pipelines = Map.of();
  private volatile boolean running = true;
  private volatile List<FileStatus> snapshot = List.of();
  private long lastSaveNanos;
  private boolean firstRound = true;
  private List<OffsetStore.Entry> lastSaved = List.of();
  private long sleepNanos;

  /** Whether every file that read in the last round stopped at its source's rate limit. */
  private boolean throttledOnly;

  /**
   * A tailer producing with {@code config}'s engine and {@code producerSettings} (Kafka producer
   * settings); {@link #closeOutput} closes the producer.
   */
  public Tailer(
      AgentConfig config,
      String host,
      Map<String, Object> producerSettings,
      Metrics.Component metrics)
      throws IOException {
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.config = requireNonNull(config, "config is null");
    this.store = new OffsetStore(config.stateDirectory());
    this.budget = new InflightBudget(config.inflightBytes());
    this.buffer = ByteBuffer.allocate(config.readBufferBytes());
    this.sources = config.sources();
    this.finder = new FileFinder(store.load());
    this.sender =
        RecordSender.open(
            config, host, producerSettings, STICKY_BYTES, budget, counters, metrics, () -> running);
    this.router = new LineRouter(sender, counters, metrics);
  }

  /** Replaces the sources; files of removed sources are read to their end and let go. */
  public void sources(List<SourceConfig> newSources) {
    this.sources = List.copyOf(newSources);
  }

  public List<SourceConfig> sources() {
    return sources;
  }

  public AgentCounters counters() {
    return counters;
  }

  /** The files as of the last round: committed offsets, paths, sizes. */
  public List<FileStatus> files() {
    return snapshot;
  }

  /** Bytes of the tracked files not yet committed. */
  public long lagBytes() {
    long lag = 0;
    for (FileStatus file : snapshot) {
      lag += file.lagBytes();
    }
    return lag;
  }

  public int fileCount() {
    return snapshot.size();
  }

  public long inflightBytes() {
    return budget.used();
  }

  /** Closes the Kafka producer, waiting at most {@code timeout}; after the loop ended. */
  public void closeOutput(java.time.Duration timeout) {
    sender.close(timeout);
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
        if ((read == 0 || throttledOnly) && running) {
          sender.flush();
          Thread.sleep(
              Math.max(1, Math.min(config.pollInterval().toNanos(), sleepNanos) / 1_000_000));
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
    List<SourceConfig> current = sources;
    if (current != compiledSources) {
      // an unchanged source keeps its pipeline: its joined records, bucket and seed go on
      Map<String, SourcePipeline> compiled = new HashMap<>();
      long now = System.nanoTime();
      for (SourceConfig source : current) {
        SourcePipeline previous = pipelines.get(source.name());
        compiled.put(
            source.name(),
            previous != null && previous.source.equals(source)
                ? previous
                : new SourcePipeline(source, now));
      }
      pipelines = compiled;
      compiledSources = current;
    }
    Map<FileKey, FileFinder.Discovered> discovered = finder.discover(current);
    for (TrackedFile file : files.values()) {
      FileFinder.Discovered found = discovered.get(file.key);
      file.matched = found != null;
      if (found != null) {
        file.path = found.path();
        file.source = found.source();
        use(file, pipelines.get(found.source().name()));
      }
    }
    for (Map.Entry<FileKey, FileFinder.Discovered> found : discovered.entrySet()) {
      if (!files.containsKey(found.getKey())) {
        TrackedFile file = finder.open(found.getKey(), found.getValue());
        if (file != null) {
          file.pipeline = pipelines.get(file.source.name());
          files.put(file.key, file);
        }
      }
    }
    if (firstRound) {
      firstRound = false;
      for (TrackedFile file : finder.recoverMovedFiles(current)) {
        file.pipeline = pipelines.get(file.source.name());
        files.put(file.key, file);
      }
    }
    long read = 0;
    sleepNanos = Long.MAX_VALUE;
    throttledOnly = true;
    List<TrackedFile> released = new ArrayList<>();
    for (TrackedFile file : files.values()) {
      if (!running) {
        break;
      }
      checkStart(file);
      long bytes = read(file);
      read += bytes;
      counters.bytesRead.addAndGet(bytes);
      metrics.receivedBytes(bytes);
      file.size = file.channel.size();
      boolean atEnd = file.position >= file.size;
      long now = System.nanoTime();
      if (atEnd
          && file.joiner.pending()
          && !file.holdsPartialLine()
          && now - file.joiner.lastLineNanos() >= file.pipeline.multilineFlushNanos) {
        router.flushJoined(file);
      }
      if (!file.matched && atEnd) {
        if (bytes > 0 || file.unchangedSinceNanos < 0) {
          file.unchangedSinceNanos = now;
        } else if (now - file.unchangedSinceNanos >= RELEASE_AFTER_NANOS) {
          flushHeld(file);
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
      counters.filesReleased.incrementAndGet();
      LOG.info(
          "file {} ({}) let go at offset {}: no longer matched, read to its end",
          file.path,
          file.fileId,
          file.position);
    }
    sender.drain();
    draining.removeIf(file -> file.acks.idle());
    saveOffsets(false);
    return read;
  }

  /** Reads the file's new lines, as many as its source's rate limit allows now. */
  private long read(TrackedFile file) throws IOException, InterruptedException {
    TokenBucket limit = file.pipeline.rateLimit;
    if (limit == null) {
      long bytes = file.read(buffer, config.maxLineBytes(), READ_PER_FILE_PER_ROUND, router);
      throttledOnly &= bytes == 0;
      return bytes;
    }
    long allowed = limit.available(System.nanoTime());
    long bytes = file.read(buffer, config.maxLineBytes(), READ_PER_FILE_PER_ROUND, allowed, router);
    limit.take(file.linesInLastRead);
    if (file.linesInLastRead >= allowed && file.position < file.channel.size()) {
      // stopped by the limit: no new round before tokens are back, unless another file read
      counters.rateLimited.incrementAndGet();
      sleepNanos = Math.min(sleepNanos, limit.nanosUntilRefilled());
    } else {
      throttledOnly &= bytes == 0;
    }
    return bytes;
  }

  /** A new config for the file's source: the record being joined is finished under the old one. */
  private void use(TrackedFile file, SourcePipeline pipeline) throws InterruptedException {
    if (file.pipeline != pipeline) {
      router.flushJoined(file);
      file.pipeline = pipeline;
    }
  }

  /** Sends a held last line and the record being joined (the file is let go or truncated). */
  private void flushHeld(TrackedFile file) throws InterruptedException {
    if (file.holdsPartialLine()) {
      counters.partialLinesFlushed.incrementAndGet();
    }
    file.flushPartialLine(router);
    router.flushJoined(file);
  }

  /** Detects truncation (shorter, or other first bytes) and grows a short fingerprint. */
  private void checkStart(TrackedFile file) throws IOException, InterruptedException {
    long size = file.channel.size();
    boolean sameStart = file.fingerprint.matches(file.channel);
    if (size < file.position || !sameStart) {
      flushHeld(file);
      counters.truncations.incrementAndGet();
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

  private void saveOffsets(boolean force) throws IOException {
    List<OffsetStore.Entry> entries = new ArrayList<>();
    List<FileStatus> statuses = new ArrayList<>();
    for (TrackedFile file : files.values()) {
      OffsetStore.Entry entry = file.entry();
      entries.add(entry);
      statuses.add(new FileStatus(entry, file.size));
    }
    for (TrackedFile file : draining) {
      OffsetStore.Entry entry = file.entry();
      entries.add(entry);
      statuses.add(new FileStatus(entry, file.size));
    }
    for (OffsetStore.Entry entry : finder.unmatched()) {
      entries.add(entry);
      statuses.add(new FileStatus(entry, entry.offset()));
    }
    snapshot = List.copyOf(statuses);
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
      sender.flush();
      sender.drain();
      while (budget.used() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
        sender.drain();
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
