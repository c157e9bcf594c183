package io.watershed.collector.agent.internal.kafka;

import io.watershed.contracts.ProvenanceHeaders;
import java.nio.file.Path;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A file's provenance headers ({@code path}, {@code file_id}), prepared once and kept while the
 * file's path stays the same: no header is encoded per record. The reading thread's.
 */
public final class FileHeaders {
  private final RecordHeader fileIdHeader;
  private Path headerPath;
  private RecordHeader pathHeader;
  private byte[] batchHeadersBefore;
  private RecordHeader batchHeadersPath;
  private byte[] batchHeaders;

  public FileHeaders(String fileId) {
    this.fileIdHeader = RecordSender.header(ProvenanceHeaders.FILE_ID, fileId);
  }

  /** The {@code file_id} header. */
  RecordHeader fileId() {
    return fileIdHeader;
  }

  /** The {@code path} header for the file's current path. */
  RecordHeader path(Path current) {
    if (current != headerPath) {
      pathHeader = RecordSender.header(ProvenanceHeaders.PATH, current.toString());
      headerPath = current;
    }
    return pathHeader;
  }

  /**
   * Record batch bytes (for {@link BatchProducer}): {@code before}, the path and file id headers,
   * then {@code after}; kept while the path and {@code before} stay the same.
   */
  byte[] batch(Path current, byte[] before, byte[] after) {
    RecordHeader header = path(current);
    if (header != batchHeadersPath || before != batchHeadersBefore) {
      batchHeaders =
          RecordBatch.concat(
              RecordBatch.concat(
                  before, RecordBatch.header(ProvenanceHeaders.PATH, header.value())),
              RecordBatch.concat(
                  RecordBatch.header(ProvenanceHeaders.FILE_ID, fileIdHeader.value()), after));
      batchHeadersPath = header;
      batchHeadersBefore = before;
    }
    return batchHeaders;
  }
}
