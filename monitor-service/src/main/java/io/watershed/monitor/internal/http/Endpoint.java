package io.watershed.monitor.internal.http;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.http.RouteTable;
import io.watershed.monitor.internal.auth.Permission;
import java.util.List;
import java.util.Locale;

/**
 * Every route the service serves, declared once: method, path template, and the permission it
 * needs. {@code /openapi.json} describes exactly these (a test checks it); the enum name in lower
 * case is the route's metric label.
 */
enum Endpoint {
  HEALTH("GET", "/health", Permission.OPEN),
  HEALTH_LIVE("GET", "/health/live", Permission.OPEN),
  HEALTH_READY("GET", "/health/ready", Permission.OPEN),
  METRICS("GET", "/metrics", Permission.OPEN),
  OPENAPI("GET", "/openapi.json", Permission.OPEN),
  HOME("GET", "/", Permission.OPEN),
  UI_HOME("GET", "/ui", Permission.OPEN),
  UI("GET", "/ui/{path...}", Permission.OPEN),

  WHOAMI("GET", "/v1/whoami", Permission.AUTHENTICATED),

  LIST_UBC_IDS("GET", "/v1/ubc-ids", Permission.READ),
  CREATE_UBC_ID("POST", "/v1/ubc-ids", Permission.WRITE),
  GET_UBC_ID("GET", "/v1/ubc-ids/{id}", Permission.READ),
  PUT_UBC_ID("PUT", "/v1/ubc-ids/{id}", Permission.WRITE),
  DELETE_UBC_ID("DELETE", "/v1/ubc-ids/{id}", Permission.WRITE),
  LIST_UBC_ID_VERSIONS("GET", "/v1/ubc-ids/{id}/versions", Permission.READ),
  LIST_DIMENSIONS("GET", "/v1/ubc-ids/{id}/dimensions", Permission.READ),
  CREATE_DIMENSION("POST", "/v1/ubc-ids/{id}/dimensions", Permission.WRITE),
  GET_DIMENSION("GET", "/v1/ubc-ids/{id}/dimensions/{slot}", Permission.READ),
  PUT_DIMENSION("PUT", "/v1/ubc-ids/{id}/dimensions/{slot}", Permission.WRITE),
  DELETE_DIMENSION("DELETE", "/v1/ubc-ids/{id}/dimensions/{slot}", Permission.WRITE),
  GET_MAPPINGS("GET", "/v1/ubc-ids/{id}/dimensions/{slot}/mappings", Permission.READ),
  PUT_MAPPINGS("PUT", "/v1/ubc-ids/{id}/dimensions/{slot}/mappings", Permission.WRITE),

  GET_RULES("GET", "/v1/rules", Permission.RULES),
  LIST_RULE_VERSIONS("GET", "/v1/rules/versions", Permission.READ),
  LIST_AUDIT("GET", "/v1/audit", Permission.READ),

  HEARTBEAT("POST", "/v1/agents/{id}/heartbeat", Permission.HEARTBEAT),
  LIST_AGENTS("GET", "/v1/agents", Permission.READ),
  GET_AGENT("GET", "/v1/agents/{id}", Permission.READ),
  LIST_COLLECTOR_CONFIGS("GET", "/v1/collector-configs", Permission.READ),
  GET_COLLECTOR_CONFIG("GET", "/v1/collector-configs/{group}", Permission.READ),
  PUT_COLLECTOR_CONFIG("PUT", "/v1/collector-configs/{group}", Permission.WRITE),

  GET_SERIES("GET", "/v1/series", Permission.READ),
  GET_WATERMARK("GET", "/v1/watermark", Permission.READ),
  RUN_SQL("POST", "/v1/sql", Permission.QUERY),
  GET_PIPELINE("GET", "/v1/pipeline", Permission.READ),

  LIST_ALERTS("GET", "/v1/alerts", Permission.READ),
  CREATE_ALERT("POST", "/v1/alerts", Permission.WRITE),
  // before GET_ALERT: routes are tried in order, and "firings" is no rule number
  LIST_ALERT_FIRINGS("GET", "/v1/alerts/firings", Permission.READ),
  GET_ALERT("GET", "/v1/alerts/{id}", Permission.READ),
  PUT_ALERT("PUT", "/v1/alerts/{id}", Permission.WRITE),
  DELETE_ALERT("DELETE", "/v1/alerts/{id}", Permission.WRITE),

  LIST_TOKENS("GET", "/v1/tokens", Permission.ADMIN),
  CREATE_TOKEN("POST", "/v1/tokens", Permission.ADMIN),
  DELETE_TOKEN("DELETE", "/v1/tokens/{name}", Permission.ADMIN);

  private final String method;
  private final String path;
  private final Permission permission;

  Endpoint(String method, String path, Permission permission) {
    this.method = requireNonNull(method, "method is null");
    this.path = requireNonNull(path, "path is null");
    this.permission = requireNonNull(permission, "permission is null");
  }

  String method() {
    return method;
  }

  /** The path template, e.g. {@code /v1/ubc-ids/{id}}; {@code {path...}} takes the rest. */
  String path() {
    return path;
  }

  Permission permission() {
    return permission;
  }

  /** The route's metric label. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every endpoint's route. */
  static final RouteTable<Endpoint> ROUTES =
      RouteTable.of(List.of(values()), Endpoint::method, Endpoint::path);
}
