package io.watershed.collector.agent;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One file source of the agent.
 *
 * @param name the source name ({@code ws.raw.<name>} by default)
 * @param paths absolute glob patterns
 * @param topic the Kafka topic of its lines
 * @param processing what is done to its lines on the way ({@link Processing#NONE}: nothing)
 */
public record SourceConfig(String name, List<String> paths, String topic, Processing processing) {
  public SourceConfig {
    requireNonNull(name, "name is null");
    paths = List.copyOf(requireNonNull(paths, "paths is null"));
    requireNonNull(topic, "topic is null");
    requireNonNull(processing, "processing is null");
  }

  /** A source whose lines pass unchanged. */
  public SourceConfig(String name, List<String> paths, String topic) {
    this(name, paths, topic, Processing.NONE);
  }
}
