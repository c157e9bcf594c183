package io.watershed.monitor.internal.rules;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A UBC ID's definition: what it is, who owns it, and what its logs carry.
 *
 * @param id the UBC ID, e.g. {@code ubc_0001}
 * @param name a short human name
 * @param description what the log records
 * @param logType event or flow
 * @param owner the team or person answering for it
 * @param enabled whether the pipeline monitors it
 * @param params the business parameters ({@code ext.<name>}) its logs carry
 * @param metrics what the windows compute for it
 */
public record UbcId(
    String id,
    String name,
    String description,
    LogType logType,
    String owner,
    boolean enabled,
    List<String> params,
    List<Metric> metrics) {
  public UbcId {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(logType, "logType is null");
    requireNonNull(owner, "owner is null");
    params = List.copyOf(requireNonNull(params, "params is null"));
    metrics = List.copyOf(requireNonNull(metrics, "metrics is null"));
  }

  /** Whether its logs are flows, which also sum a duration. */
  public boolean flowLogs() {
    return logType == LogType.FLOW;
  }
}
