package io.watershed.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.kit.config.JdbcUrls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded H2 store keeps every commit it confirmed through a kill -9: a child JVM commits rows
 * as fast as it can through the URL the services' config gives ({@link JdbcUrls#h2OrPostgres}) and
 * prints each one after its commit returned; it is killed mid-stream, and every printed row must be
 * in the database when it is opened again. With H2's default write delay the last ~80 commits were
 * lost (the catalog then forgets Iceberg commits that Flink was told had succeeded).
 */
class H2DurabilityIT {
  @TempDir Path directory;

  @Test
  void everyConfirmedCommitSurvivesAKill() throws Exception {
    String url =
        JdbcUrls.h2OrPostgres(
            "jdbc:h2:file:%s;DATABASE_TO_LOWER=TRUE"
                .formatted(directory.resolve("db").toAbsolutePath()));
    Process writer =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Writer.class.getName(),
                    url))
            .redirectErrorStream(true)
            .start();
    long confirmed = -1;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("committed ")) {
          confirmed = Long.parseLong(line.substring("committed ".length()));
          if (confirmed == 3_000) {
            // kill -9 without closing our end: what it printed before dying is still read.
            writer.toHandle().destroyForcibly();
          }
        }
      }
    } finally {
      writer.destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(confirmed).as("rows the writer confirmed before it was killed").isGreaterThan(0);

    try (Connection connection = DriverManager.getConnection(url);
        ResultSet rows = connection.createStatement().executeQuery("SELECT max(i) FROM t")) {
      rows.next();
      assertThat(rows.getLong(1)).isGreaterThanOrEqualTo(confirmed);
    }
  }

  /** The child: commits one row at a time (auto-commit) and prints each after it returned. */
  public static final class Writer {
    public static void main(String[] args) throws Exception {
      try (Connection connection = DriverManager.getConnection(args[0])) {
        connection.createStatement().execute("CREATE TABLE t (i BIGINT)");
        PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?)");
        for (long i = 1; ; i++) {
          insert.setLong(1, i);
          insert.executeUpdate();
          System.out.println("committed " + i);
        }
      }
    }
  }
}
