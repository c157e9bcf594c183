package io.watershed.monitor.internal.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Where the monitor reads the Flink jobs from.
 *
 * @param url Flink's REST API ({@code http://host:8081}, no trailing slash); empty: not configured
 * @param timeout the longest one request may take to connect, and again to answer
 */
public record FlinkSettings(String url, Duration timeout) {
  public FlinkSettings {
    requireNonNull(url, "url is null");
    requireNonNull(timeout, "timeout is null");
  }

  /** Whether a Flink REST API is configured. */
  public boolean enabled() {
    return !url.isEmpty();
  }
}
