package io.watershed.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.contracts.MonitorRecord;
import io.watershed.contracts.ProvenanceHeaders;
import io.watershed.contracts.Ticks;
import io.watershed.contracts.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SQL jobs and the contracts module name the same things: SQL cannot import the Java constants
 * (io.watershed.contracts), so this test reads sql/jobs/ and compares.
 */
class SqlContractTest {
  private static final List<String> JOBS =
      List.of("raw_to_lake", "ubc_clean", "ubc_monitor", "ubc_windows");
  private static final Pattern TOPIC_OPTION =
      Pattern.compile("'(topic|topic-pattern)' = '([^']*)'");
  private static final Pattern HEADER = Pattern.compile("headers\\['([^']*)'\\]");

  private static Path home() {
    Path directory = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(directory.resolve("sql/jobs"))) {
      directory = directory.getParent();
    }
    return directory;
  }

  private static String sql(String job) throws IOException {
    return Files.readString(home().resolve("sql/jobs").resolve(job + ".sql"));
  }

  @Test
  void theJobsTopicsAreTheContractsTopicsAndNoneIsWrittenInTheSql() throws Exception {
    JobsRunner runner = new JobsRunner(JobsConfig.load(home(), Map.of()));
    List<String> topics = new ArrayList<>();
    for (String job : JOBS) {
      assertThat(matches(TOPIC_OPTION, sql(job), 2))
          .as("topics of %s.sql", job)
          .isNotEmpty()
          .allMatch(topic -> topic.startsWith("${topic."));
      topics.addAll(matches(TOPIC_OPTION, String.join("\n", runner.statements(job)), 2));
    }
    assertThat(topics)
        .containsOnly(Topics.RAW_PATTERN, Topics.RAW_UBC, Topics.CLEAN_UBC, Topics.MONITOR)
        .contains(Topics.RAW_PATTERN, Topics.RAW_UBC, Topics.CLEAN_UBC, Topics.MONITOR);
  }

  @Test
  void theJobsReadTheProvenanceHeadersTheCollectorsSet() throws Exception {
    List<String> headers = new ArrayList<>(ProvenanceHeaders.all());
    headers.add(Ticks.HEADER);
    for (String job : JOBS) {
      assertThat(matches(HEADER, sql(job), 1))
          .as("headers read by %s.sql", job)
          .isSubsetOf(headers);
    }
    assertThat(matches(HEADER, sql("raw_to_lake"), 1))
        .containsAll(ProvenanceHeaders.AGENT_HEADERS)
        .containsAll(ProvenanceHeaders.INTAKE_HEADERS);
    assertThat(matches(HEADER, sql("ubc_clean"), 1)).containsAll(ProvenanceHeaders.INTAKE_HEADERS);
  }

  @Test
  void theJobsTellTicksByTheContractsHeaderAndType() throws Exception {
    // The jobs reading layer 1 keep ticks out of the lake by their header.
    for (String job : List.of("raw_to_lake", "ubc_clean")) {
      assertThat(matches(HEADER, sql(job), 1)).as(job).contains(Ticks.HEADER);
    }
    // Layer 2 carries them by type: written by ubc_clean and ubc_monitor, skipped by the counts.
    assertThat(MonitorRecord.TICK).isEqualTo(Ticks.TYPE);
    for (String job : List.of("ubc_clean", "ubc_monitor", "ubc_windows")) {
      assertThat(sql(job)).as(job).contains("'" + Ticks.TYPE + "'");
    }
  }

  @Test
  void theMonitoringQueueHasTheMonitorRecordsFields() throws Exception {
    List<String> written = new ArrayList<>(MonitorRecord.fields());
    written.add("lane"); // the Kafka key, not in the value
    assertThat(columns(sql("ubc_monitor"), "monitor_queue")).containsExactlyElementsOf(written);
    assertThat(columns(sql("ubc_windows"), "monitor_queue"))
        .containsExactlyElementsOf(MonitorRecord.fields());
  }

  /** The physical columns of a CREATE TABLE: no computed columns, no watermark. */
  private static List<String> columns(String sql, String table) {
    int start = sql.indexOf("CREATE TEMPORARY TABLE " + table + " (");
    assertThat(start).as("table %s", table).isNotNegative();
    String body = sql.substring(sql.indexOf('\n', start) + 1, sql.indexOf(") WITH (", start));
    List<String> columns = new ArrayList<>();
    for (String line : body.lines().map(String::strip).toList()) {
      if (!line.isEmpty() && !line.startsWith("WATERMARK ") && !line.contains(" AS ")) {
        columns.add(line.substring(0, line.indexOf(' ')));
      }
    }
    return columns;
  }

  private static List<String> matches(Pattern pattern, String text, int group) {
    List<String> found = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(group));
    }
    return found;
  }
}
