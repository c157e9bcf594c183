package io.watershed.collector.agent.internal.processing;

/** Called for each complete line or piece a file yields. */
public interface LineSink {
  /** The record is {@code bytes[from, from + length)}, valid only during the call. */
  void line(SourceFile file, long offset, byte[] bytes, int from, int length, long end)
      throws InterruptedException;
}
