package io.watershed.collector.agent.internal.discovery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The per-file offsets on disk, one JSON file replaced atomically: written to a temporary file,
 * fsynced, renamed over the old one, and the directory fsynced.
 */
public final class OffsetStore {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String FILE_NAME = "offsets.json";

  /** One file's committed offset: every line before it was acknowledged by Kafka. */
  public record Entry(
      String fileId,
      String source,
      String path,
      long device,
      long inode,
      int fingerprintLength,
      String fingerprintHash,
      long offset) {}

  private final Path directory;

  OffsetStore(Path directory) {
    this.directory = directory;
  }

  List<Entry> load() throws IOException {
    Path file = directory.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return MAPPER.readValue(file.toFile(), new TypeReference<List<Entry>>() {});
    } catch (IOException e) {
      throw new IOException("Cannot read agent offsets " + file + ": " + e.getMessage(), e);
    }
  }

  void save(Collection<Entry> entries) throws IOException {
    Files.createDirectories(directory);
    Path temporary = directory.resolve(FILE_NAME + ".tmp");
    byte[] bytes =
        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(new ArrayList<>(entries));
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(java.nio.ByteBuffer.wrap(bytes));
      channel.force(true);
    }
    try {
      Files.move(
          temporary,
          directory.resolve(FILE_NAME),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("Cannot replace agent offsets in " + directory + " atomically", e);
    }
    try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ)) {
      directoryChannel.force(true);
    } catch (IOException e) {
      // some file systems cannot fsync a directory; the rename is still atomic
    }
  }
}
