package io.watershed.jobs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values a job's SQL may name as {@code ${...}} (sql/ddl/README.md): addresses, topics, the
 * job's name and Flink SQL literals made from the settings.
 */
final class SqlVariables {
  private SqlVariables() {}

  static Map<String, String> of(JobsConfig config, String job) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("kafka.bootstrap-servers", config.kafkaBootstrapServers());
    variables.put("catalog.uri", config.catalogUri());
    // Extra options of CREATE CATALOG lake: Iceberg sends 'token' as a bearer token.
    variables.put(
        "catalog.auth",
        config.catalogToken().isEmpty()
            ? ""
            : ",\n  'token' = '" + config.catalogToken().replace("'", "''") + "'");
    variables.put("topic.raw-pattern", config.topicRawPattern());
    variables.put("topic.raw-ubc", config.topicRawUbc());
    variables.put("topic.clean-ubc", config.topicCleanUbc());
    variables.put("topic.monitor", config.topicMonitor());
    variables.put("group.id", config.jobName(job));
    variables.put("job.name", config.jobName(job));
    variables.put("scan.bounded-mode", config.scanBoundedMode());
    variables.put("watermark.delay", dayToSecond(config.watermarkDelay()));
    return variables;
  }

  /** An INTERVAL DAY TO SECOND(3) literal: a SECOND interval literal takes at most 99 seconds. */
  static String dayToSecond(Duration delay) {
    return "%d %02d:%02d:%02d.%03d"
        .formatted(
            delay.toDays(),
            delay.toHoursPart(),
            delay.toMinutesPart(),
            delay.toSecondsPart(),
            delay.toMillisPart());
  }
}
