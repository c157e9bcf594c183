package io.watershed.collector.agent.internal.kafka;

import java.nio.file.Path;

/** A file for the sending side's tests: a path, an id, a topic and its acknowledgements. */
final class TestFile implements RecordFile {
  private final String fileId;
  private final Path path;
  private final String topic;
  private final FileHeaders headers;
  private final FileAcks acks;

  TestFile(String fileId, Path path, String topic) {
    this.fileId = fileId;
    this.path = path;
    this.topic = topic;
    this.headers = new FileHeaders(fileId);
    this.acks = new FileAcks(this, 0);
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public String fileId() {
    return fileId;
  }

  @Override
  public FileAcks acks() {
    return acks;
  }

  @Override
  public FileHeaders headers() {
    return headers;
  }
}
