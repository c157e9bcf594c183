package io.watershed.monitor;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Configs for in-process test servers and request bodies for the API. */
final class MonitorFixtures {
  static final String ADMIN_TOKEN = "test-admin-" + suffix() + suffix();
  static final String AGENT_TOKEN = "test-agent-" + suffix() + suffix();
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private MonitorFixtures() {}

  /** A short random suffix, so names never collide across tests and runs. */
  static String suffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT);
  }

  /** A UBC ID no other test uses. */
  static String uniqueId(String prefix) {
    return "%s_%d_%s".formatted(prefix, COUNTER.incrementAndGet(), suffix());
  }

  /** A server config on a free loopback port with bootstrap tokens; {@code extra} wins. */
  static MonitorConfig config(TestDatabase database, Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("monitor.http-host", "127.0.0.1");
    values.put("monitor.http-port", "0");
    values.put("monitor.threads", "8");
    values.put("monitor.jdbc-url", database.jdbcUrl());
    values.put("monitor.jdbc-user", database.user());
    values.put("monitor.bootstrap-admin-token", ADMIN_TOKEN);
    values.put("monitor.bootstrap-agent-token", AGENT_TOKEN);
    values.putAll(extra);
    return MonitorConfig.load("test", values);
  }

  static Map<String, Object> ubcId(String id, String logType, List<String> params) {
    Map<String, Object> body = new HashMap<>();
    body.put("id", id);
    body.put("name", "test " + id);
    body.put("description", "a UBC ID of a test");
    body.put("logType", logType);
    body.put("owner", "test-team");
    body.put("params", params);
    return body;
  }

  static Map<String, Object> oneToOne(String source) {
    Map<String, Object> body = new HashMap<>();
    body.put("source", source);
    body.put("mapping", "one-to-one");
    body.put("normalise", List.of("trim", "lower-case"));
    return body;
  }

  static Map<String, Object> manyToOne(
      String source, String defaultGroup, Map<String, String> table) {
    Map<String, Object> body = new HashMap<>();
    body.put("source", source);
    body.put("mapping", "many-to-one");
    body.put("normalise", List.of("trim", "lower-case"));
    body.put("label", "grouped " + source);
    if (defaultGroup != null) {
      body.put("defaultGroup", defaultGroup);
    }
    body.put("groups", groups(table));
    return body;
  }

  static List<Map<String, String>> groups(Map<String, String> table) {
    return table.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(entry -> Map.of("value", entry.getKey(), "group", entry.getValue()))
        .toList();
  }
}
