package io.watershed.monitor.internal.query;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The jobs' event-time progress from {@code lake.ops.progress}: the watermark of the UBC windows
 * (windows ending at or before it are final) and every job's row. Gap rows (a start without state)
 * are not watermarks and are left out.
 */
final class WatermarkReader {
  static final String WATERMARK_SQL = resource("watermark.sql");
  static final String PROGRESS_SQL = resource("progress.sql");

  private static final long MEMO_NANOS = 1_000_000_000L;

  private final TrinoPool trino;
  private final String windowsJob;
  private final AtomicReference<Memo> last = new AtomicReference<>();

  WatermarkReader(TrinoPool trino, String windowsJob) {
    this.trino = requireNonNull(trino, "trino is null");
    this.windowsJob = requireNonNull(windowsJob, "windowsJob is null");
  }

  /** One job's progress; times in epoch milliseconds, null when unknown. */
  record JobProgress(String job, String source, Long watermark, Long updatedAt) {}

  /**
   * The watermark of the UBC windows in epoch milliseconds, or null before the first one. Read at
   * most once per {@link #MEMO_NANOS}: every series request needs it, and on a small machine the
   * extra Trino query per request cost as much as the series itself (bench query); a watermark up
   * to a second old only calls fewer points final.
   */
  Long windowsWatermark() {
    Memo memo = last.get();
    long now = System.nanoTime();
    if (memo != null && now - memo.readNanos() < MEMO_NANOS) {
      return memo.watermark();
    }
    Long watermark = readWindowsWatermark();
    last.set(new Memo(watermark, now));
    return watermark;
  }

  private record Memo(Long watermark, long readNanos) {}

  private Long readWindowsWatermark() {
    // max() over no rows is one row holding NULL (and Stream.findFirst() refuses a null element)
    List<Long> rows =
        trino.query(
            "read the watermark of " + windowsJob,
            new SqlStatement(WATERMARK_SQL, List.of(windowsJob)),
            row -> nullableLong(row, 1));
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** Every job's row, by job and source. */
  List<JobProgress> progress() {
    return trino.query(
        "read the jobs' progress",
        new SqlStatement(PROGRESS_SQL, List.of()),
        row ->
            new JobProgress(
                row.getString(1), row.getString(2), nullableLong(row, 3), nullableLong(row, 4)));
  }

  String windowsJob() {
    return windowsJob;
  }

  static Long nullableLong(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  /** A statement from this package's resources, without its comment lines. */
  static String resource(String name) {
    String path = "/io/watershed/monitor/query/" + name;
    try (InputStream in = WatermarkReader.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Cannot read " + path + ": not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.startsWith("--"))
          .collect(Collectors.joining("\n"))
          .strip();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
