package io.watershed.collector.agent;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One file source of the agent.
 *
 * @param name the source name ({@code ws.raw.<name>} by default)
 * @param paths absolute glob patterns
 * @param topic the Kafka topic of its lines
 */
public record SourceConfig(String name, List<String> paths, String topic) {
  public SourceConfig {
    requireNonNull(name, "name is null");
    paths = List.copyOf(requireNonNull(paths, "paths is null"));
    requireNonNull(topic, "topic is null");
  }
}
