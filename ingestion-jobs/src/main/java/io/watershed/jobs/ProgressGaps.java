package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import io.watershed.jobs.internal.SqlScript.Statement;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Records in {@code lake.ops.progress} that a job started without its state: one row per start,
 * {@code source = 'gap <start time>'}, with the event-time range whose windows may be short ({@code
 * gap_start}: the job's last published watermark, {@code gap_end}: the start) and the reason.
 * Nothing about a lost window stays silent. Runs as a small local Flink job.
 */
final class ProgressGaps {
  private final JobsConfig config;

  ProgressGaps(JobsConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  /** A recorded gap: windows ending after {@code from} (unknown: all) up to {@code to}. */
  record Gap(Optional<Instant> from, Instant to) {}

  Gap record(String jobName, String reason) throws IOException {
    TableEnvironment tables = tables();
    Optional<Instant> from = lastWatermark(tables, jobName);
    Instant to = Instant.now();
    String insert =
        "INSERT INTO lake.ops.progress (job, source, `watermark`, updated_at, gap_start, gap_end,"
            + " reason) VALUES (%s, %s, CAST(NULL AS TIMESTAMP_LTZ(6)), %s, %s, %s, %s)";
    try {
      tables
          .executeSql(
              insert.formatted(
                  literal(jobName),
                  literal("gap " + to),
                  timestamp(to),
                  from.map(ProgressGaps::timestamp).orElse("CAST(NULL AS TIMESTAMP_LTZ(6))"),
                  timestamp(to),
                  literal(reason)))
          .await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Cannot record the gap of " + jobName + ": interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException("Cannot record the gap of " + jobName + " in lake.ops.progress", e);
    }
    return new Gap(from, to);
  }

  private Optional<Instant> lastWatermark(TableEnvironment tables, String jobName)
      throws IOException {
    String query =
        "SELECT max(`watermark`) FROM lake.ops.progress WHERE job = %s AND source NOT LIKE 'gap %%'"
            .formatted(literal(jobName));
    Instant last = null;
    try (CloseableIterator<Row> rows = tables.executeSql(query).collect()) {
      while (rows.hasNext()) {
        Object value = rows.next().getField(0);
        last = value instanceof Instant instant ? instant : last;
      }
    } catch (Exception e) {
      throw new IOException("Cannot read the last watermark of " + jobName, e);
    }
    return Optional.ofNullable(last);
  }

  private TableEnvironment tables() throws IOException {
    Configuration flink = new Configuration();
    flink.setString("execution.target", "local");
    flink.setString("parallelism.default", "1");
    flink.setString("table.local-time-zone", "UTC");
    flink.setString("table.dml-sync", "false");
    TableEnvironment tables =
        TableEnvironment.create(
            EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(flink).build());
    for (Statement statement : new JobsRunner(config).catalogStatements("gaps")) {
      tables.executeSql(statement.text());
    }
    return tables;
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static String timestamp(Instant instant) {
    return "TO_TIMESTAMP_LTZ(%d, 3)".formatted(instant.toEpochMilli());
  }
}
