package io.watershed.collector.agent.internal.kafka;

import java.nio.file.Path;

/**
 * A file whose records go to Kafka, as the sending side sees it: its topic, its provenance headers
 * and the record of what Kafka acknowledged. Read by the reading thread only.
 */
public interface RecordFile {
  /** The Kafka topic of the file's source now. */
  String topic();

  /** The file's path now (its name after a rename). */
  Path path();

  /** The file's id, {@code <device>:<inode>:<hex ms when first seen>}. */
  String fileId();

  /** What was sent of the file's current run and not yet acknowledged. */
  FileAcks acks();

  /** The file's prepared provenance headers. */
  FileHeaders headers();
}
