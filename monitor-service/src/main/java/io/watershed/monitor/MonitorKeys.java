package io.watershed.monitor;

import io.watershed.contracts.Topics;
import io.watershed.kit.config.ConfigKey;
import io.watershed.kit.config.JdbcUrls;
import io.watershed.kit.config.KeyReference;
import io.watershed.kit.http.HttpServerKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Every key of the monitor service's config file, declared once. The reference docs come from here.
 */
final class MonitorKeys {
  static final HttpServerKeys HTTP =
      HttpServerKeys.declare("monitor", 8070, 2L * 1024 * 1024, 64L * 1024 * 1024);
  static final ConfigKey<String> JDBC_URL =
      JdbcUrls.urlKey(
          "monitor",
          "jdbc:h2:file:./var/monitor/monitor;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0",
          "the metadata, migrated on start");
  static final ConfigKey<String> JDBC_USER = JdbcUrls.userKey("monitor");
  static final ConfigKey<String> JDBC_PASSWORD = JdbcUrls.passwordKey("monitor");
  static final ConfigKey<Boolean> AUTH_ENABLED =
      ConfigKey.bool(
          "monitor.auth-enabled",
          true,
          "Require a bearer token on /v1; false lets every request through as `anonymous`"
              + " (local experiments only).");
  static final ConfigKey<String> BOOTSTRAP_ADMIN_TOKEN =
      ConfigKey.token(
          "monitor.bootstrap-admin-token",
          "An admin token (16+ characters) known from config, named `bootstrap-admin`;"
              + " empty for none.");
  static final ConfigKey<String> BOOTSTRAP_AGENT_TOKEN =
      ConfigKey.token(
          "monitor.bootstrap-agent-token",
          "An agent token (16+ characters) known from config, named `bootstrap-agent`: heartbeat"
              + " and rules only; empty for none.");
  static final ConfigKey<Boolean> SEED_DEMO =
      ConfigKey.bool(
          "monitor.seed-demo",
          false,
          "Load the demo rule set (ubc_0001..ubc_0030) on start; what exists already is kept.");

  static final ConfigKey<String> TRINO_URL =
      ConfigKey.of(
          "monitor.trino.url",
          "string",
          "",
          MonitorKeys::trinoUrl,
          "Trino to query the lake through (jdbc:trino://host:port); empty turns the query API off"
              + " (/v1/series, /v1/watermark and /v1/sql answer 503 query_unavailable).");
  static final ConfigKey<String> TRINO_USER =
      ConfigKey.string(
          "monitor.trino.user",
          "watershed_monitor",
          "Trino user of the series and watermark queries.");
  static final ConfigKey<String> TRINO_ADHOC_USER =
      ConfigKey.string(
          "monitor.trino.adhoc-user",
          "watershed_reader",
          "Trino user of POST /v1/sql; Trino's access control must keep it read-only.");
  static final ConfigKey<Duration> TRINO_QUERY_TIMEOUT =
      ConfigKey.duration(
          "monitor.trino.query-timeout",
          Duration.ofSeconds(10),
          Duration.ofSeconds(1),
          Duration.ofMinutes(10),
          "Longest a series or watermark query may run; slower ones answer 503.");
  static final ConfigKey<Integer> TRINO_POOL_SIZE =
      ConfigKey.integer(
          "monitor.trino.pool-size",
          4,
          1,
          64,
          "Trino queries at once at most, series and ad-hoc each; more wait for a free one.");
  static final ConfigKey<Integer> TRINO_ADHOC_MAX_ROWS =
      ConfigKey.integer(
          "monitor.trino.adhoc-max-rows",
          10_000,
          1,
          1_000_000,
          "Rows an answer of POST /v1/sql holds at most; the rest are cut off (truncated: true).");
  static final ConfigKey<Long> TRINO_ADHOC_MAX_BYTES =
      ConfigKey.size(
          "monitor.trino.adhoc-max-bytes",
          8L * 1024 * 1024,
          1024,
          256L * 1024 * 1024,
          "Bytes of values an answer of POST /v1/sql holds at most; the rest are cut off"
              + " (truncated: true).");
  static final ConfigKey<Duration> TRINO_ADHOC_TIMEOUT =
      ConfigKey.duration(
          "monitor.trino.adhoc-timeout",
          Duration.ofSeconds(30),
          Duration.ofSeconds(1),
          Duration.ofMinutes(30),
          "Longest a query of POST /v1/sql may run, its rows read included.");
  static final ConfigKey<String> TRINO_WATERMARK_JOB =
      ConfigKey.string(
          "monitor.trino.watermark-job",
          "watershed-ubc_windows",
          "The job whose row in lake.ops.progress is the watermark of the UBC windows.");

  static final ConfigKey<Duration> ALERTS_INTERVAL =
      ConfigKey.duration(
          "monitor.alerts.interval",
          Duration.ofSeconds(15),
          Duration.ofSeconds(1),
          Duration.ofHours(1),
          "How often the alert rules are evaluated on the windows that became final; alerts are"
              + " off when monitor.trino.url is empty.");
  static final ConfigKey<Duration> ALERTS_SETTLE =
      ConfigKey.duration(
          "monitor.alerts.settle",
          Duration.ofSeconds(10),
          Duration.ZERO,
          Duration.ofMinutes(10),
          "Alerts use a watermark this long after reading it, so every window table committed with"
              + " it is visible.");
  static final ConfigKey<Duration> ALERTS_DELIVERY_TIMEOUT =
      ConfigKey.duration(
          "monitor.alerts.delivery-timeout",
          Duration.ofSeconds(5),
          Duration.ofMillis(100),
          Duration.ofMinutes(2),
          "Longest one webhook attempt may take to connect, and again to answer.");
  static final ConfigKey<Integer> ALERTS_DELIVERY_ATTEMPTS =
      ConfigKey.integer(
          "monitor.alerts.delivery-attempts",
          8,
          1,
          100,
          "Webhook attempts per firing at most; then it is marked failed.");
  static final ConfigKey<Duration> ALERTS_DELIVERY_BACKOFF =
      ConfigKey.duration(
          "monitor.alerts.delivery-backoff",
          Duration.ofSeconds(1),
          Duration.ofMillis(10),
          Duration.ofMinutes(10),
          "Wait after a firing's first failed webhook attempt; doubled after each failure, 10"
              + " minutes at most.");
  static final ConfigKey<String> FLINK_URL =
      ConfigKey.of(
          "monitor.flink.url",
          "string",
          "",
          MonitorKeys::flinkUrl,
          "Flink's REST API (http://host:8081) the pipeline page reads the jobs from; empty: its"
              + " jobs section says not configured.");
  static final ConfigKey<Duration> FLINK_TIMEOUT =
      ConfigKey.duration(
          "monitor.flink.timeout",
          Duration.ofSeconds(5),
          Duration.ofMillis(100),
          Duration.ofMinutes(1),
          "Longest a request to Flink's REST API may take to connect, and again to answer; a"
              + " slower Flink makes the jobs section unavailable.");
  static final ConfigKey<String> LIVE_KAFKA_BOOTSTRAP =
      ConfigKey.optionalString(
          "monitor.live.kafka-bootstrap",
          "Kafka brokers (host:port,...) of the monitoring queue: /v1/series shows the running"
              + " minutes after the watermark from it (provisional); empty turns live minutes off.");
  static final ConfigKey<String> LIVE_TOPIC =
      ConfigKey.string(
          "monitor.live.topic",
          Topics.MONITOR,
          "The monitoring queue the ubc_monitor job writes (its jobs.topic-monitor).");
  static final ConfigKey<Integer> LIVE_MAX_KEYS =
      ConfigKey.integer(
          "monitor.live.max-keys",
          50_000,
          100,
          10_000_000,
          "Keys (UBC ID, minute, log type, d1..d6) the live minutes hold at most (about 0.7 KB"
              + " each, 16 bytes more per device past 32, at most 64 KB); records of new keys"
              + " beyond are dropped and counted.");
  static final ConfigKey<Duration> LIVE_LOOKBACK =
      ConfigKey.duration(
          "monitor.live.lookback",
          Duration.ofMinutes(10),
          Duration.ofMinutes(1),
          Duration.ofHours(6),
          "How far back the monitoring queue is read on start, and the oldest a live minute is"
              + " kept when the watermark does not pass it.");

  static final List<ConfigKey<?>> ALL =
      ConfigKey.concat(
          HTTP.all(),
          JDBC_URL,
          JDBC_USER,
          JDBC_PASSWORD,
          AUTH_ENABLED,
          BOOTSTRAP_ADMIN_TOKEN,
          BOOTSTRAP_AGENT_TOKEN,
          SEED_DEMO,
          TRINO_URL,
          TRINO_USER,
          TRINO_ADHOC_USER,
          TRINO_QUERY_TIMEOUT,
          TRINO_POOL_SIZE,
          TRINO_ADHOC_MAX_ROWS,
          TRINO_ADHOC_MAX_BYTES,
          TRINO_ADHOC_TIMEOUT,
          TRINO_WATERMARK_JOB,
          ALERTS_INTERVAL,
          ALERTS_SETTLE,
          ALERTS_DELIVERY_TIMEOUT,
          ALERTS_DELIVERY_ATTEMPTS,
          ALERTS_DELIVERY_BACKOFF,
          FLINK_URL,
          FLINK_TIMEOUT,
          LIVE_KAFKA_BOOTSTRAP,
          LIVE_TOPIC,
          LIVE_MAX_KEYS,
          LIVE_LOOKBACK);

  private MonitorKeys() {}

  private static String trinoUrl(String value) {
    if (!value.isEmpty() && !value.toLowerCase(Locale.ROOT).startsWith("jdbc:trino://")) {
      throw new IllegalArgumentException("must be empty or start with jdbc:trino://");
    }
    return value;
  }

  /** Empty, or an http(s) URL with a host and no credentials, query or fragment; no final /. */
  private static String flinkUrl(String value) {
    if (value.isEmpty()) {
      return value;
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("must be empty or a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("must be empty or an http:// or https:// URL with a host");
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("must not carry credentials, a query or a fragment");
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  /** The reference docs: one Markdown table row per key. */
  static String reference() {
    return KeyReference.markdown(ALL, List.of());
  }
}
