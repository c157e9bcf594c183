package io.watershed.collector.agent.internal.discovery;

import io.watershed.collector.agent.SourceConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the sources' files and opens them by identity: device and inode, and a fingerprint of their
 * first bytes, against the offsets stored by an earlier run.
 */
final class FileFinder {
  private static final Logger LOG = LoggerFactory.getLogger(FileFinder.class);

  /** A file a glob matched, under the path it was matched by. */
  record Discovered(Path path, SourceConfig source) {}

  private final Map<FileKey, OffsetStore.Entry> stored = new HashMap<>();

  FileFinder(List<OffsetStore.Entry> entries) {
    for (OffsetStore.Entry entry : entries) {
      stored.put(new FileKey(entry.device(), entry.inode()), entry);
    }
  }

  /** Stored entries not (yet) matched to an open file: kept in the offsets file. */
  Collection<OffsetStore.Entry> unmatched() {
    return stored.values();
  }

  /** Every file the sources' globs match now; a file matched by two sources is the first's. */
  Map<FileKey, Discovered> discover(List<SourceConfig> sources) {
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

  /**
   * Opens a discovered file: at its stored offset when its start still matches the stored
   * fingerprint, else from its start with a new file id. Null when it vanished or was replaced.
   */
  TrackedFile open(FileKey key, Discovered found) throws IOException {
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

  /**
   * Files with stored offsets that no glob matches any more, e.g. rotated away while the agent was
   * stopped: looked for by inode and fingerprint in their old directory, opened to be read to their
   * end.
   */
  List<TrackedFile> recoverMovedFiles(List<SourceConfig> sources) throws IOException {
    List<TrackedFile> recovered = new ArrayList<>();
    for (OffsetStore.Entry entry : new ArrayList<>(stored.values())) {
      FileKey key = new FileKey(entry.device(), entry.inode());
      SourceConfig source =
          sources.stream().filter(s -> s.name().equals(entry.source())).findFirst().orElse(null);
      Path parent = Path.of(entry.path()).getParent();
      if (source == null || parent == null || !Files.isDirectory(parent)) {
        continue;
      }
      List<Path> candidates;
      try (Stream<Path> listing = Files.list(parent)) {
        candidates = listing.filter(Files::isRegularFile).toList();
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
            recovered.add(file);
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
    return recovered;
  }

  private static boolean sameStart(Path path, OffsetStore.Entry entry) {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return new Fingerprint(entry.fingerprintLength(), entry.fingerprintHash()).matches(channel);
    } catch (IOException e) {
      return false;
    }
  }
}
