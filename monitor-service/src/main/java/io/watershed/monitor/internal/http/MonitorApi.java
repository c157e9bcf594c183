package io.watershed.monitor.internal.http;

import static java.util.Objects.requireNonNull;

import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.MonitorErrorCode;
import io.watershed.monitor.internal.auth.Permission;
import io.watershed.monitor.internal.auth.Principal;
import io.watershed.monitor.internal.rules.RuleService;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends each endpoint to the code that serves it; the switch covers every {@link Endpoint}. */
final class MonitorApi {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorApi.class);

  private final RuleApi rules;
  private final FleetApi fleet;
  private final TokenApi tokens;
  private final QueryApi queries;
  private final AlertApi alerts;
  private final PipelineApi pipeline;
  private final MonitorDatabase database;
  private final RuleService ruleService;
  private final Metrics metrics;
  private final byte[] openApi;
  private final UiFiles uiFiles;

  MonitorApi(
      RuleApi rules,
      FleetApi fleet,
      TokenApi tokens,
      QueryApi queries,
      AlertApi alerts,
      PipelineApi pipeline,
      MonitorDatabase database,
      RuleService ruleService,
      Metrics metrics,
      byte[] openApi,
      UiFiles uiFiles) {
    this.rules = requireNonNull(rules, "rules is null");
    this.fleet = requireNonNull(fleet, "fleet is null");
    this.tokens = requireNonNull(tokens, "tokens is null");
    this.queries = requireNonNull(queries, "queries is null");
    this.alerts = requireNonNull(alerts, "alerts is null");
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.database = requireNonNull(database, "database is null");
    this.ruleService = requireNonNull(ruleService, "ruleService is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.openApi = requireNonNull(openApi, "openApi is null");
    this.uiFiles = requireNonNull(uiFiles, "uiFiles is null");
  }

  Reply handle(Request request) {
    return switch (request.endpoint()) {
      case HEALTH, HEALTH_READY -> health();
      case HEALTH_LIVE -> Reply.ok(Map.of("status", "up"));
      case METRICS ->
          Reply.raw(
              "text/plain; version=0.0.4; charset=utf-8",
              metrics.scrape().getBytes(StandardCharsets.UTF_8));
      case OPENAPI -> Reply.raw("application/json", openApi);
      case HOME, UI_HOME -> UiFiles.redirectHome();
      case UI -> uiFiles.serve(request.path("path"), request.ifNoneMatch());
      case WHOAMI -> whoami(request);
      case LIST_UBC_IDS -> rules.listUbcIds(request);
      case CREATE_UBC_ID -> rules.createUbcId(request);
      case GET_UBC_ID -> rules.getUbcId(request);
      case PUT_UBC_ID -> rules.putUbcId(request);
      case DELETE_UBC_ID -> rules.deleteUbcId(request);
      case LIST_UBC_ID_VERSIONS -> rules.listUbcIdVersions(request);
      case LIST_DIMENSIONS -> rules.listDimensions(request);
      case CREATE_DIMENSION -> rules.createDimension(request);
      case GET_DIMENSION -> rules.getDimension(request);
      case PUT_DIMENSION -> rules.putDimension(request);
      case DELETE_DIMENSION -> rules.deleteDimension(request);
      case GET_MAPPINGS -> rules.getMappings(request);
      case PUT_MAPPINGS -> rules.putMappings(request);
      case GET_RULES -> rules.getRules(request);
      case LIST_RULE_VERSIONS -> rules.listRuleVersions(request);
      case LIST_AUDIT -> rules.listAudit(request);
      case HEARTBEAT -> fleet.heartbeat(request);
      case LIST_AGENTS -> fleet.listAgents(request);
      case GET_AGENT -> fleet.getAgent(request);
      case LIST_COLLECTOR_CONFIGS -> fleet.listConfigs(request);
      case GET_COLLECTOR_CONFIG -> fleet.getConfig(request);
      case PUT_COLLECTOR_CONFIG -> fleet.putConfig(request);
      case GET_SERIES -> queries.series(request);
      case GET_WATERMARK -> queries.watermark(request);
      case RUN_SQL -> queries.sql(request);
      case LIST_ALERTS -> alerts.list(request);
      case CREATE_ALERT -> alerts.create(request);
      case LIST_ALERT_FIRINGS -> alerts.firings(request);
      case GET_ALERT -> alerts.get(request);
      case PUT_ALERT -> alerts.put(request);
      case DELETE_ALERT -> alerts.delete(request);
      case GET_PIPELINE -> pipeline.health(request);
      case LIST_TOKENS -> tokens.list(request);
      case CREATE_TOKEN -> tokens.create(request);
      case DELETE_TOKEN -> tokens.delete(request);
    };
  }

  /** Who the caller is: the token's name, its role and what it may do. */
  private static Reply whoami(Request request) {
    Principal principal = request.principal();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", principal.name());
    view.put("role", principal.roleLabel());
    view.put("permissions", principal.permissions().stream().map(Permission::label).toList());
    return Reply.ok(view);
  }

  private Reply health() {
    Map<String, Object> view = new LinkedHashMap<>();
    try {
      database.ping();
      view.put("status", "up");
      view.put("rulesVersion", ruleService.head());
      return Reply.ok(view);
    } catch (RuntimeException e) {
      LOG.warn("Health check failed: {}", e.getMessage());
      metrics.error("health", MonitorErrorCode.STORE_UNAVAILABLE);
      view.put("status", "down");
      view.put("reason", "the database is unreachable");
      return Reply.status(503, view);
    }
  }
}
