package io.watershed.monitor;

import io.watershed.kit.config.ConfigKey;
import io.watershed.kit.config.KeyReference;
import io.watershed.kit.http.HttpLimits;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Every key of the monitor service's config file, declared once. The reference docs come from here.
 */
final class MonitorKeys {
  static final ConfigKey<String> HTTP_HOST =
      ConfigKey.string("monitor.http-host", "127.0.0.1", "Address the HTTP server binds to.");
  static final ConfigKey<Integer> HTTP_PORT =
      ConfigKey.integer("monitor.http-port", 8070, 0, 65535, "HTTP port; 0 picks a free port.");
  static final ConfigKey<Integer> THREADS =
      ConfigKey.integer(
          "monitor.threads", 8, 1, 256, "Request threads, and JDBC connections in the pool.");
  static final ConfigKey<Integer> HTTP_MAX_CONNECTIONS =
      ConfigKey.integer(
          "monitor.http-max-connections",
          HttpLimits.DEFAULT_MAX_CONNECTIONS,
          1,
          65_536,
          "Open HTTP connections at most; the server stops accepting at the cap.");
  static final ConfigKey<Duration> HTTP_HEADER_TIMEOUT =
      ConfigKey.duration(
          "monitor.http-header-timeout",
          HttpLimits.DEFAULT_HEADER_TIMEOUT,
          Duration.ofMillis(100),
          Duration.ofMinutes(10),
          "Time a connection has to send a whole request head; slower ones are closed.");
  static final ConfigKey<Duration> HTTP_IDLE_TIMEOUT =
      ConfigKey.duration(
          "monitor.http-idle-timeout",
          HttpLimits.DEFAULT_IDLE_TIMEOUT,
          Duration.ofMillis(100),
          Duration.ofHours(1),
          "A connection silent this long is closed.");
  static final ConfigKey<Long> HTTP_MIN_REQUEST_RATE =
      ConfigKey.longInteger(
          "monitor.http-min-request-bytes-per-second",
          HttpLimits.DEFAULT_MIN_REQUEST_BYTES_PER_SECOND,
          1,
          1024L * 1024 * 1024,
          "A request body slower than this (after the header timeout as grace) is ended.");
  static final ConfigKey<Long> MAX_REQUEST_BYTES =
      ConfigKey.size(
          "monitor.max-request-bytes",
          2L * 1024 * 1024,
          1024,
          64L * 1024 * 1024,
          "Largest request body accepted; larger ones get 413.");
  static final ConfigKey<String> JDBC_URL =
      ConfigKey.of(
          "monitor.jdbc-url",
          "string",
          "jdbc:h2:file:./var/monitor/monitor;DATABASE_TO_LOWER=TRUE",
          MonitorKeys::jdbcUrl,
          "Database of the metadata: an embedded H2 file (jdbc:h2:file:...) or PostgreSQL"
              + " (jdbc:postgresql://...); migrated on start.");
  static final ConfigKey<String> JDBC_USER =
      ConfigKey.optionalString("monitor.jdbc-user", "Database user; empty for none.");
  static final ConfigKey<String> JDBC_PASSWORD =
      ConfigKey.secret("monitor.jdbc-password", "Database password; empty for none.");
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

  static final List<ConfigKey<?>> ALL =
      List.of(
          HTTP_HOST,
          HTTP_PORT,
          THREADS,
          HTTP_MAX_CONNECTIONS,
          HTTP_HEADER_TIMEOUT,
          HTTP_IDLE_TIMEOUT,
          HTTP_MIN_REQUEST_RATE,
          MAX_REQUEST_BYTES,
          JDBC_URL,
          JDBC_USER,
          JDBC_PASSWORD,
          AUTH_ENABLED,
          BOOTSTRAP_ADMIN_TOKEN,
          BOOTSTRAP_AGENT_TOKEN,
          SEED_DEMO);

  private MonitorKeys() {}

  /** The reference docs: one Markdown table row per key. */
  static String reference() {
    return KeyReference.markdown(ALL, List.of());
  }

  private static String jdbcUrl(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:h2:")) {
      // the schema's names are lower case, as PostgreSQL folds them; H2 must fold the same way
      if (!lower.replace(" ", "").contains(";database_to_lower=true")) {
        throw new IllegalArgumentException("H2 URLs must set ;DATABASE_TO_LOWER=TRUE");
      }
      return value;
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return value;
    }
    throw new IllegalArgumentException("must start with jdbc:h2: or jdbc:postgresql:");
  }
}
