package io.watershed.monitor.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watershed.monitor.internal.Json;
import io.watershed.monitor.internal.pipeline.FlinkAnswers.Checkpoints;
import io.watershed.monitor.internal.pipeline.FlinkAnswers.Job;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Flink's REST answers as Flink 2.1.1 gives them. The fixtures were captured from a MiniCluster
 * with its REST endpoint: a datagen to blackhole SQL job checkpointing every second ({@code
 * jobs-overview}, {@code checkpoints}, {@code metrics}), and one whose UDF throws on 2% of the
 * records with a 30 ms checkpoint timeout ({@code jobs-overview-restarting}, {@code
 * checkpoints-failing}, {@code metrics-restarted}; {@code metrics-not-fetched} is the first metrics
 * request, before Flink's metric fetcher ran).
 */
class FlinkAnswersTest {
  // the API's own mapper: what the service would answer
  private static final ObjectMapper JSON = Json.newMapper();

  @Test
  void readsTheJobOverview() throws IOException {
    assertThat(FlinkAnswers.jobs(fixture("jobs-overview.json")))
        .containsExactly(
            new Job(
                "c97c1d04bdc1fe4a7a720dfbb47534e3",
                "watershed-demo_job",
                "RUNNING",
                1796640674494L,
                null,
                9717L));
  }

  @Test
  void keepsTheNewestRunOfEachName() throws IOException {
    List<Job> jobs = new ArrayList<>(FlinkAnswers.jobs(fixture("jobs-overview.json")));
    jobs.addAll(FlinkAnswers.jobs(fixture("jobs-overview-restarting.json")));
    Job earlier =
        new Job(
            "0123456789abcdef0123456789abcdef",
            "watershed-demo_job",
            "CANCELED",
            1796640000000L,
            1796640600000L,
            600000L);
    jobs.add(earlier);
    List<Job> newest = FlinkAnswers.newestByName(jobs);
    assertThat(newest)
        .extracting(Job::name)
        .containsExactly("watershed-demo_job", "watershed-flaky_job");
    assertThat(newest.get(0).state()).isEqualTo("RUNNING");
    assertThat(newest.get(0).id()).isEqualTo("c97c1d04bdc1fe4a7a720dfbb47534e3");
    // the cancelled run is newer once it is the only one
    assertThat(FlinkAnswers.newestByName(List.of(earlier))).containsExactly(earlier);
  }

  @Test
  void readsTheNewestCompletedCheckpointAndTheCounts() throws IOException {
    assertThat(FlinkAnswers.checkpoints(fixture("checkpoints.json")))
        .isEqualTo(new Checkpoints(10, 0, 0, 0, 10L, 1796640684379L, 9L));
    // failed checkpoints and a restore after a restart: the newest completed one still counts
    assertThat(FlinkAnswers.checkpoints(fixture("checkpoints-failing.json")))
        .isEqualTo(new Checkpoints(3, 39, 0, 1, 35L, 1796640743106L, 11L));
  }

  @Test
  void aJobWithoutACompletedCheckpointHasNone() throws IOException {
    JsonNode none =
        JSON.readTree(
            "{\"counts\":{\"restored\":0,\"total\":0,\"in_progress\":1,\"completed\":0,\"failed\":0},"
                + "\"latest\":{\"completed\":null,\"savepoint\":null,\"failed\":null,\"restored\":null},"
                + "\"history\":[]}");
    assertThat(FlinkAnswers.checkpoints(none))
        .isEqualTo(new Checkpoints(0, 0, 1, 0, null, null, null));
  }

  @Test
  void readsRestartsFromTheJobMetrics() throws IOException {
    assertThat(FlinkAnswers.metrics(fixture("metrics.json")))
        .containsEntry("numRestarts", "0")
        .containsEntry("numberOfFailedCheckpoints", "0");
    Map<String, String> restarted = FlinkAnswers.metrics(fixture("metrics-restarted.json"));
    assertThat(FlinkAnswers.longMetric(restarted, FlinkJobs.RESTARTS_METRIC)).isEqualTo(10L);
    // before Flink's metric fetcher has run, the job has no metrics: restarts unknown
    Map<String, String> notFetched = FlinkAnswers.metrics(fixture("metrics-not-fetched.json"));
    assertThat(FlinkAnswers.longMetric(notFetched, FlinkJobs.RESTARTS_METRIC)).isNull();
    assertThat(FlinkAnswers.longMetric(Map.of("numRestarts", "x"), "numRestarts")).isNull();
  }

  @Test
  void theViewOfAJobNamesEveryField() throws IOException {
    Job job = FlinkAnswers.jobs(fixture("jobs-overview-restarting.json")).get(0);
    Checkpoints checkpoints = FlinkAnswers.checkpoints(fixture("checkpoints-failing.json"));
    assertThat(JSON.writeValueAsString(FlinkJobs.view(job, checkpoints, 10L)))
        .isEqualTo(
            "{\"name\":\"watershed-flaky_job\",\"id\":\"2e0f303d76580c0124254b893a8f5ee9\","
                + "\"state\":\"RUNNING\",\"started_at\":1796640770131,"
                + "\"running_for_ms\":22363,\"restarts\":10,"
                + "\"checkpoints\":{\"completed\":3,\"failed\":39,\"in_progress\":0,\"restored\":1},"
                + "\"last_checkpoint\":{\"id\":35,\"completed_at\":1796640743106,\"duration_ms\":11}}");
    // what Flink did not tell is left out (the API writes no nulls)
    assertThat(JSON.writeValueAsString(FlinkJobs.view(job, null, null)))
        .doesNotContain("ended_at", "restarts", "checkpoints");
  }

  @Test
  void refusesOtherDocuments() throws IOException {
    assertThatThrownBy(() -> FlinkAnswers.jobs(JSON.readTree("{\"errors\":[\"Not found\"]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read Flink's job overview: it has no jobs array");
    assertThatThrownBy(
            () ->
                FlinkAnswers.jobs(
                    JSON.readTree("{\"jobs\":[{\"jid\":\"../../x\",\"name\":\"a\"}]}")))
        .hasMessage("Cannot read Flink's job overview: a job has no valid jid");
    assertThatThrownBy(() -> FlinkAnswers.checkpoints(JSON.readTree("{}")))
        .hasMessage("Cannot read Flink's checkpoint statistics: they have no counts");
    assertThatThrownBy(() -> FlinkAnswers.metrics(JSON.readTree("{}")))
        .hasMessage("Cannot read Flink's job metrics: not an array");
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = FlinkAnswersTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return JSON.readTree(in);
    }
  }
}
