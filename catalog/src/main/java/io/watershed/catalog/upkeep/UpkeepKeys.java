package io.watershed.catalog.upkeep;

import io.watershed.catalog.LakeTables;
import io.watershed.catalog.LakeTables.LakeTable;
import io.watershed.kit.config.ConfigKey;
import io.watershed.kit.config.ConfigValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The keys of lake upkeep, declared once; part of the catalog's config ({@code CatalogKeys}). */
public final class UpkeepKeys {
  private static final String PREFIX = "catalog.upkeep.";

  static final ConfigKey<Boolean> ENABLED =
      ConfigKey.bool(
          PREFIX + "enabled",
          false,
          "Run upkeep rounds over every lake table on a schedule (on-demand rounds run either"
              + " way).");
  static final ConfigKey<Duration> INTERVAL =
      ConfigKey.duration(
          PREFIX + "interval",
          "10m",
          Duration.ofSeconds(10),
          Duration.ofDays(7),
          "Pause between the end of one scheduled upkeep round and the start of the next.");
  static final ConfigKey<String> TRINO_URL =
      ConfigKey.of(
          PREFIX + "trino-url",
          "string",
          "",
          UpkeepKeys::trinoUrl,
          "Trino that runs compaction, manifest rewrite, snapshot expiry and orphan removal"
              + " (jdbc:trino://host:port); empty skips those steps.");
  static final ConfigKey<String> TRINO_USER =
      ConfigKey.string(
          PREFIX + "trino-user", "watershed-upkeep", "Trino user of upkeep's statements.");
  static final ConfigKey<String> TRINO_CATALOG =
      ConfigKey.string(PREFIX + "trino-catalog", "lake", "Trino's catalog over this REST catalog.");
  static final ConfigKey<Duration> STATEMENT_TIMEOUT =
      ConfigKey.duration(
          PREFIX + "statement-timeout",
          "30m",
          Duration.ofSeconds(1),
          Duration.ofHours(24),
          "Longest one upkeep statement may run; Trino cancels it then.");
  static final ConfigKey<Integer> CONFLICT_RETRIES =
      ConfigKey.integer(
          PREFIX + "conflict-retries",
          3,
          0,
          20,
          "How often a step that lost a commit race with a streaming commit is tried again"
              + " (2 s, 4 s, 8 s... apart) before it waits for the next round.");
  static final ConfigKey<Long> FILE_SIZE_THRESHOLD =
      ConfigKey.size(
          PREFIX + "file-size-threshold",
          "100MiB",
          1,
          1L << 40,
          "Data files smaller than this are compacted (optimize's file_size_threshold).");
  static final ConfigKey<Duration> ORPHAN_RETENTION =
      ConfigKey.of(
          PREFIX + "orphan-retention",
          "duration",
          "3d",
          value -> atLeast(Ages.parse(value), Duration.ofHours(1)),
          "Files no snapshot references are removed only when older than this (at least 1h: a"
              + " writer's files are unreferenced until it commits).");

  /** One retention key per lake table, in LakeTables.ALL's order. */
  static final List<ConfigKey<Optional<Duration>>> RETENTION =
      LakeTables.ALL.stream().map(UpkeepKeys::retention).toList();

  /** One snapshot-retention key per lake table, in LakeTables.ALL's order. */
  static final List<ConfigKey<Duration>> SNAPSHOT_RETENTION =
      LakeTables.ALL.stream().map(UpkeepKeys::snapshotRetention).toList();

  /** Every upkeep key, in reference order. */
  public static final List<ConfigKey<?>> ALL = all();

  private UpkeepKeys() {}

  /** Reads the upkeep settings; problems are recorded in {@code values}. */
  public static UpkeepSettings read(ConfigValues values) {
    List<TablePolicy> policies = new ArrayList<>();
    for (int i = 0; i < LakeTables.ALL.size(); i++) {
      LakeTable table = LakeTables.ALL.get(i);
      Optional<Duration> retention =
          values.get(RETENTION.get(i), TablePolicy.defaultRetention(table));
      Optional<String> column = TablePolicy.dayPartitionColumn(table);
      if (retention.isPresent() && column.isEmpty()) {
        values.error(
            "Cannot use %s=%s: table %s has no day partitioning to drop (use none)"
                .formatted(
                    RETENTION.get(i).name(), values.raw(RETENTION.get(i)), table.identifier()));
        retention = Optional.empty();
      }
      Duration snapshots =
          values.get(SNAPSHOT_RETENTION.get(i), TablePolicy.defaultSnapshotRetention(table));
      policies.add(new TablePolicy(table.identifier(), retention, column, snapshots));
    }
    return new UpkeepSettings(
        values.get(ENABLED, false),
        values.get(INTERVAL, Duration.ofMinutes(10)),
        values.get(TRINO_URL, ""),
        values.get(TRINO_USER, "watershed-upkeep"),
        values.get(TRINO_CATALOG, "lake"),
        values.get(STATEMENT_TIMEOUT, Duration.ofMinutes(30)),
        values.get(CONFLICT_RETRIES, 3),
        values.get(FILE_SIZE_THRESHOLD, 100L << 20),
        values.get(ORPHAN_RETENTION, Duration.ofDays(3)),
        policies);
  }

  private static List<ConfigKey<?>> all() {
    List<ConfigKey<?>> all =
        new ArrayList<>(
            List.of(
                ENABLED,
                INTERVAL,
                TRINO_URL,
                TRINO_USER,
                TRINO_CATALOG,
                STATEMENT_TIMEOUT,
                CONFLICT_RETRIES,
                FILE_SIZE_THRESHOLD,
                ORPHAN_RETENTION));
    for (int i = 0; i < LakeTables.ALL.size(); i++) {
      all.add(RETENTION.get(i));
      all.add(SNAPSHOT_RETENTION.get(i));
    }
    return List.copyOf(all);
  }

  private static ConfigKey<Optional<Duration>> retention(LakeTable table) {
    return ConfigKey.of(
        PREFIX + table.identifier() + ".retention",
        "duration",
        Ages.format(TablePolicy.defaultRetention(table)),
        Ages::parseOptional,
        "Rows of %s older than this (%s, whole UTC days) are dropped with their partitions; none"
                .formatted(
                    table.identifier(), TablePolicy.dayPartitionColumn(table).orElse("no column"))
            + " keeps them.");
  }

  private static ConfigKey<Duration> snapshotRetention(LakeTable table) {
    return ConfigKey.of(
        PREFIX + table.identifier() + ".snapshot-retention",
        "duration",
        Ages.format(TablePolicy.defaultSnapshotRetention(table)),
        value -> atLeast(Ages.parse(value), Duration.ofMinutes(1)),
        "Snapshots of %s older than this are expired (time travel reaches this far back)."
            .formatted(table.identifier()));
  }

  private static Duration atLeast(Duration value, Duration minimum) {
    if (value.compareTo(minimum) < 0) {
      throw new IllegalArgumentException("must be at least " + Ages.format(minimum));
    }
    return value;
  }

  private static String trinoUrl(String value) {
    if (!value.isEmpty() && !value.toLowerCase(Locale.ROOT).startsWith("jdbc:trino://")) {
      throw new IllegalArgumentException("must be empty or start with jdbc:trino://");
    }
    return value;
  }
}
