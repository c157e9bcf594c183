package io.watershed.monitor;

import io.watershed.kit.config.ConfigKey;
import io.watershed.kit.config.JdbcUrls;
import io.watershed.kit.config.KeyReference;
import io.watershed.kit.http.HttpServerKeys;
import java.util.List;

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

  static final List<ConfigKey<?>> ALL =
      ConfigKey.concat(
          HTTP.all(),
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
}
