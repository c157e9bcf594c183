package io.watershed.collector.agent.internal.processing;

import io.watershed.collector.agent.internal.kafka.RecordFile;

/** A file of a source as its processing sees it: the source's pipeline and the file's own state. */
public interface SourceFile extends RecordFile {
  /** The processing of the file's source now. */
  SourcePipeline pipeline();

  /** The record being joined, for a multiline source. */
  MultilineJoiner joiner();

  /** {@link SourcePipeline#hash} of the file id: the sampling decisions depend on it. */
  long fileHash();
}
