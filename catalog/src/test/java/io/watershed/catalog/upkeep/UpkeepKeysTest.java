package io.watershed.catalog.upkeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.kit.config.ConfigException;
import io.watershed.kit.config.ConfigValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/** Every upkeep default and key mapping, pinned (STYLE.md 8). */
class UpkeepKeysTest {
  private static UpkeepSettings load(Map<String, String> values) {
    ConfigValues parsed = new ConfigValues("catalog", "test", values, List.of());
    UpkeepSettings settings = UpkeepKeys.read(parsed);
    parsed.finish();
    return settings;
  }

  private static TablePolicy policy(String ns, String name, String column, Duration retention) {
    return new TablePolicy(
        TableIdentifier.of(ns, name),
        Optional.ofNullable(retention),
        Optional.ofNullable(column),
        Duration.ofDays(1));
  }

  @Test
  void defaults() {
    assertThat(load(Map.of()))
        .isEqualTo(
            new UpkeepSettings(
                false,
                Duration.ofMinutes(10),
                "",
                "watershed-upkeep",
                "lake",
                Duration.ofMinutes(30),
                3,
                100L << 20,
                Duration.ofDays(3),
                List.of(
                    policy("logs", "lines", "ingest_ts", Duration.ofDays(90)),
                    policy("ubc", "events", "report_ts", Duration.ofDays(180)),
                    policy("ubc", "rejects", "ingest_ts", Duration.ofDays(30)),
                    policy("ubc", "metrics_1m", "window_start", Duration.ofDays(400)),
                    policy("ubc", "metrics_5m", "window_start", Duration.ofDays(400)),
                    policy("ubc", "late", "report_ts", Duration.ofDays(30)),
                    policy("ops", "progress", null, null),
                    policy("ubc", "corrections", "report_ts", Duration.ofDays(400)))));
  }

  @Test
  void explicitValues() {
    UpkeepSettings settings =
        load(
            Map.ofEntries(
                Map.entry("catalog.upkeep.enabled", "true"),
                Map.entry("catalog.upkeep.interval", "90s"),
                Map.entry("catalog.upkeep.trino-url", "jdbc:trino://trino:8080"),
                Map.entry("catalog.upkeep.trino-user", "upkeeper"),
                Map.entry("catalog.upkeep.trino-catalog", "iceberg"),
                Map.entry("catalog.upkeep.statement-timeout", "2h"),
                Map.entry("catalog.upkeep.conflict-retries", "0"),
                Map.entry("catalog.upkeep.file-size-threshold", "64MiB"),
                Map.entry("catalog.upkeep.orphan-retention", "7d"),
                Map.entry("catalog.upkeep.ubc.late.retention", "14d"),
                Map.entry("catalog.upkeep.ubc.late.snapshot-retention", "6h"),
                Map.entry("catalog.upkeep.ubc.events.retention", "none"),
                Map.entry("catalog.upkeep.logs.lines.retention", "36h")));

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.trinoUrl()).isEqualTo("jdbc:trino://trino:8080");
    assertThat(settings.trinoUser()).isEqualTo("upkeeper");
    assertThat(settings.trinoCatalog()).isEqualTo("iceberg");
    assertThat(settings.statementTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(settings.conflictRetries()).isZero();
    assertThat(settings.fileSizeThresholdBytes()).isEqualTo(64L << 20);
    assertThat(settings.orphanRetention()).isEqualTo(Duration.ofDays(7));
    TablePolicy late = settings.policy(TableIdentifier.of("ubc", "late")).orElseThrow();
    assertThat(late.retention()).contains(Duration.ofDays(14));
    assertThat(late.snapshotRetention()).isEqualTo(Duration.ofHours(6));
    assertThat(settings.policy(TableIdentifier.of("ubc", "events")).orElseThrow().retention())
        .isEmpty();
    assertThat(settings.policy(TableIdentifier.of("logs", "lines")).orElseThrow().retention())
        .contains(Duration.ofHours(36));
  }

  @Test
  void collectsEveryError() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "catalog.upkeep.trino-url", "http://trino:8080",
                        "catalog.upkeep.orphan-retention", "10m",
                        "catalog.upkeep.ops.progress.retention", "30d",
                        "catalog.upkeep.ubc.late.retention", "a month",
                        "catalog.upkeep.ubc.late.snapshot-retention", "10s",
                        "catalog.upkeep.ubc.nope.retention", "30d")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("catalog.upkeep.trino-url=http://trino:8080: must be empty or start")
        .hasMessageContaining("catalog.upkeep.orphan-retention=10m: must be at least 1h")
        .hasMessageContaining(
            "catalog.upkeep.ops.progress.retention=30d: table ops.progress has no day partitioning")
        .hasMessageContaining("catalog.upkeep.ubc.late.retention=a month: must be a whole number")
        .hasMessageContaining("catalog.upkeep.ubc.late.snapshot-retention=10s: must be at least 1m")
        .hasMessageContaining("catalog.upkeep.ubc.nope.retention=30d: unknown key");
  }

  @Test
  void agesAreDaysOrDurations() {
    assertThat(Ages.parse("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(Ages.parse("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(Ages.parseOptional("none")).isEmpty();
    assertThat(Ages.parseOptional("NONE")).isEmpty();
    assertThat(Ages.format(Duration.ofDays(400))).isEqualTo("400d");
    assertThat(Ages.format(Duration.ofHours(36))).isEqualTo("36h");
    assertThat(Ages.format(Optional.empty())).isEqualTo("none");
    assertThat(Ages.trino(Duration.ofDays(3))).isEqualTo("259200s");
    assertThatThrownBy(() -> Ages.parse("3 days")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyLakeTableHasBothKeysWithItsDefault() {
    assertThat(UpkeepKeys.ALL)
        .extracting(key -> key.name() + "=" + key.defaultValue())
        .contains(
            "catalog.upkeep.enabled=false",
            "catalog.upkeep.interval=10m",
            "catalog.upkeep.orphan-retention=3d",
            "catalog.upkeep.ubc.late.retention=30d",
            "catalog.upkeep.ubc.rejects.retention=30d",
            "catalog.upkeep.logs.lines.retention=90d",
            "catalog.upkeep.ubc.events.retention=180d",
            "catalog.upkeep.ubc.metrics_1m.retention=400d",
            "catalog.upkeep.ubc.metrics_5m.retention=400d",
            "catalog.upkeep.ops.progress.retention=none",
            "catalog.upkeep.ops.progress.snapshot-retention=1d");
  }

  @Test
  void theProceduresFileNamesEveryStatement() {
    assertThat(TrinoProcedures.statements())
        .containsOnlyKeys(
            "optimize", "optimize_manifests", "expire_snapshots", "remove_orphan_files", "probe")
        .containsEntry(
            "optimize", "ALTER TABLE {table} EXECUTE optimize(file_size_threshold => {threshold})");
  }
}
