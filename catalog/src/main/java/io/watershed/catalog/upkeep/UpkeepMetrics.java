package io.watershed.catalog.upkeep;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Lake health and upkeep on the catalog's {@code /metrics}: {@code watershed_lake_*} gauges per
 * table, set from each {@link TableHealth} read, and per step {@code
 * watershed_lake_upkeep_runs_total{table,step,outcome}}, {@code
 * watershed_lake_upkeep_duration_seconds{table,step}} and {@code
 * watershed_lake_upkeep_last_success_timestamp_seconds{table,step}}.
 */
final class UpkeepMetrics {
  private static final String PREFIX = "watershed_lake_";

  private final Gauge dataFiles;
  private final Gauge deleteFiles;
  private final Gauge records;
  private final Gauge bytes;
  private final Gauge averageDataFileBytes;
  private final Gauge partitions;
  private final Gauge maxDataFilesPerPartition;
  private final Gauge averageDataFilesPerPartition;
  private final Gauge snapshots;
  private final Gauge manifests;
  private final Gauge metadataFiles;
  private final Counter runs;
  private final Histogram duration;
  private final Gauge lastSuccess;

  UpkeepMetrics(PrometheusRegistry registry) {
    dataFiles = gauge(registry, "data_files", "Live data files of a lake table.");
    deleteFiles = gauge(registry, "delete_files", "Live delete files of a lake table.");
    records = gauge(registry, "records", "Rows in a lake table's data files, deletes not applied.");
    bytes = gauge(registry, "bytes", "Bytes of a lake table's live data and delete files.");
    averageDataFileBytes =
        gauge(registry, "average_data_file_bytes", "Mean data file size of a lake table.");
    partitions = gauge(registry, "partitions", "Partitions of a lake table holding data files.");
    maxDataFilesPerPartition =
        gauge(
            registry,
            "max_data_files_per_partition",
            "Data files of a lake table's fullest partition.");
    averageDataFilesPerPartition =
        gauge(
            registry,
            "average_data_files_per_partition",
            "Mean data files per partition of a lake table.");
    snapshots = gauge(registry, "snapshots", "Snapshots in a lake table's metadata.");
    manifests = gauge(registry, "manifests", "Manifests of a lake table's current snapshot.");
    metadataFiles = gauge(registry, "metadata_files", "metadata.json files a lake table tracks.");
    runs =
        Counter.builder()
            .name(PREFIX + "upkeep_runs")
            .help("Upkeep steps run, by table, step and outcome (done, skipped, conflict, failed).")
            .labelNames("table", "step", "outcome")
            .withoutExemplars()
            .register(registry);
    duration =
        Histogram.builder()
            .name(PREFIX + "upkeep_duration_seconds")
            .help("How long an upkeep step took on a table, retries included.")
            .labelNames("table", "step")
            .classicOnly()
            .classicUpperBounds(0.1, 0.5, 1, 5, 15, 60, 300, 1800)
            .withoutExemplars()
            .register(registry);
    lastSuccess =
        Gauge.builder()
            .name(PREFIX + "upkeep_last_success_timestamp_seconds")
            .help("When an upkeep step last succeeded on a table (Unix time).")
            .labelNames("table", "step")
            .withoutExemplars()
            .register(registry);
  }

  void health(TableHealth health) {
    set(dataFiles, health, TableHealth::dataFiles);
    set(deleteFiles, health, TableHealth::deleteFiles);
    set(records, health, TableHealth::records);
    set(bytes, health, TableHealth::totalBytes);
    set(averageDataFileBytes, health, TableHealth::averageDataFileBytes);
    set(partitions, health, TableHealth::partitions);
    set(maxDataFilesPerPartition, health, TableHealth::maxDataFilesPerPartition);
    set(averageDataFilesPerPartition, health, TableHealth::averageDataFilesPerPartition);
    set(snapshots, health, TableHealth::snapshots);
    set(manifests, health, TableHealth::manifests);
    set(metadataFiles, health, TableHealth::metadataFiles);
  }

  void step(String table, UpkeepReports.StepReport step, long nowMillis) {
    runs.labelValues(table, step.step(), step.outcome()).inc();
    duration.labelValues(table, step.step()).observe(step.seconds());
    if (step.outcome().equals(UpkeepReports.DONE)) {
      lastSuccess.labelValues(table, step.step()).set(nowMillis / 1000.0);
    }
  }

  private static void set(Gauge gauge, TableHealth health, ToDoubleFunction<TableHealth> value) {
    gauge.labelValues(health.table()).set(value.applyAsDouble(health));
  }

  private static Gauge gauge(PrometheusRegistry registry, String name, String help) {
    return Gauge.builder()
        .name(PREFIX + name)
        .help(help)
        .labelNames("table")
        .withoutExemplars()
        .register(registry);
  }
}
