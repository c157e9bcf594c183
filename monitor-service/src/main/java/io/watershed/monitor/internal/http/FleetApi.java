package io.watershed.monitor.internal.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.JsonInput;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.MonitorErrorCode;
import io.watershed.monitor.internal.Violation;
import io.watershed.monitor.internal.auth.AuditLog;
import io.watershed.monitor.internal.db.tables.records.AgentRecord;
import io.watershed.monitor.internal.db.tables.records.CollectorConfigRecord;
import io.watershed.monitor.internal.fleet.FleetStore;
import io.watershed.monitor.internal.rules.RuleService;
import io.watershed.monitor.internal.rules.Views;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP side of the fleet: heartbeats, agents, and collector configs per agent group. */
final class FleetApi {
  static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}");
  static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Logger LOG = LoggerFactory.getLogger(FleetApi.class);
  private static final int MAX_STATUS_CHARS = 256 * 1024;

  /** Levels of objects and arrays an agent's status may nest. */
  static final int MAX_STATUS_DEPTH = 16;

  private static final int MAX_DOCUMENT_CHARS = 1_000_000;

  private final MonitorDatabase database;
  private final RuleService rules;
  private final ObjectMapper mapper;
  private final YAMLMapper yaml;
  private final Metrics metrics;

  FleetApi(
      MonitorDatabase database,
      RuleService rules,
      ObjectMapper mapper,
      YAMLMapper yaml,
      Metrics metrics) {
    this.database = requireNonNull(database, "database is null");
    this.rules = requireNonNull(rules, "rules is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.yaml = requireNonNull(yaml, "yaml is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
  }

  /**
   * Records an agent's heartbeat and answers with its group's config version, the config itself
   * when the agent runs another version, and the newest rule version.
   */
  Reply heartbeat(Request request) {
    String agentId = request.path("id");
    if (!AGENT_ID.matcher(agentId).matches()) {
      throw ApiException.badRequest(
          "Cannot record heartbeat of agent %s: agent IDs are 1 to 128 letters, digits or _.:@-",
          agentId);
    }
    List<Violation> violations = new ArrayList<>();
    // unknown fields are ignored: newer agents may report more than this service knows
    JsonInput in = new JsonInput(request.object(), "", violations);
    String group = in.name("group", true, GROUP, "1 to 64 letters, digits, '_', '.' or '-'");
    String host = in.string("host", true, 256);
    ObjectNode status = in.object("status");
    Long configVersion = in.integer("configVersion", false);
    if (configVersion != null && configVersion < 0) {
      in.violation("configVersion", "min", "must be 0 (none yet) or more", configVersion);
    }
    if (status != null && depth(status) > MAX_STATUS_DEPTH) {
      in.violation(
          "status",
          "max-depth",
          "must nest at most %d levels of objects and arrays".formatted(MAX_STATUS_DEPTH),
          null);
      status = null;
    }
    String statusJson = json(status == null ? mapper.createObjectNode() : status);
    if (statusJson.length() > MAX_STATUS_CHARS) {
      in.violation(
          "status",
          "max-length",
          "must be at most %d characters as JSON, got %d"
              .formatted(MAX_STATUS_CHARS, statusJson.length()),
          null);
    }
    ApiException.check("record heartbeat of agent " + agentId, violations);
    FleetStore.Heartbeat heartbeat =
        new FleetStore.Heartbeat(
            agentId, group, host, statusJson, configVersion == null ? 0 : configVersion);
    CollectorConfigRecord config =
        database.transaction(
            "record heartbeat of agent " + agentId,
            configuration -> {
              FleetStore.record(configuration.dsl(), heartbeat);
              return FleetStore.latestConfig(configuration.dsl(), group);
            });
    metrics.heartbeat();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("agentId", agentId);
    answer.put("group", group);
    long current = config == null ? 0 : config.getVersion();
    answer.put("configVersion", current);
    if (config != null && current != heartbeat.configVersion()) {
      answer.put("configFormat", config.getFormat());
      answer.put("config", config.getDocument());
    }
    answer.put("rulesVersion", rules.head());
    return Reply.ok(answer);
  }

  Reply listAgents(Request request) {
    String group = request.query("group");
    int limit = (int) request.queryLong("limit", 1000, 1, 10_000);
    Map<String, Long> latest = new LinkedHashMap<>();
    FleetStore.latestConfigs(database.dsl())
        .forEach(config -> latest.put(config.getGroupName(), config.getVersion()));
    List<Map<String, Object>> agents =
        FleetStore.agents(database.dsl(), group, limit).stream()
            .map(agent -> agent(agent, latest.getOrDefault(agent.getGroupName(), 0L)))
            .toList();
    return Reply.ok(Map.of("agents", agents));
  }

  Reply getAgent(Request request) {
    String agentId = request.path("id");
    AgentRecord agent = FleetStore.agent(database.dsl(), agentId);
    if (agent == null) {
      throw ApiException.notFound("Cannot find agent %s: it never sent a heartbeat", agentId);
    }
    CollectorConfigRecord config = FleetStore.latestConfig(database.dsl(), agent.getGroupName());
    return Reply.ok(agent(agent, config == null ? 0 : config.getVersion()));
  }

  Reply listConfigs(Request request) {
    List<Map<String, Object>> configs =
        FleetStore.latestConfigs(database.dsl()).stream().map(c -> config(c, false)).toList();
    return Reply.ok(Map.of("configs", configs));
  }

  Reply getConfig(Request request) {
    String group = request.path("group");
    CollectorConfigRecord config;
    if (request.query("version") != null) {
      long version = request.queryLong("version", 1, 1, Long.MAX_VALUE);
      config = FleetStore.config(database.dsl(), group, version);
      if (config == null) {
        throw ApiException.notFound(
            "Cannot find collector config %s version %d: no such version", group, version);
      }
    } else {
      config = FleetStore.latestConfig(database.dsl(), group);
      if (config == null) {
        throw ApiException.notFound(
            "Cannot find collector config of group %s: none was stored", group);
      }
    }
    return Reply.ok(config(config, true));
  }

  /**
   * Stores the body (YAML or JSON by Content-Type, kept as sent) as the group's next config
   * version; the same document again makes no new version.
   */
  Reply putConfig(Request request) {
    String group = request.path("group");
    String action = "store collector config of group " + group;
    if (!GROUP.matcher(group).matches()) {
      throw ApiException.badRequest(
          "Cannot %s: groups are 1 to 64 letters, digits, '_', '.' or '-'", action);
    }
    String format = format(request.contentType(), action);
    String document = document(request.body(), format, action);
    String actor = request.principal().name();
    StoredConfig outcome =
        database.transaction(
            action,
            configuration -> {
              CollectorConfigRecord latest = FleetStore.latestConfig(configuration.dsl(), group);
              if (latest != null
                  && latest.getFormat().equals(format)
                  && latest.getDocument().equals(document)) {
                return new StoredConfig(latest, false);
              }
              long version = latest == null ? 1 : latest.getVersion() + 1;
              FleetStore.insertConfig(configuration.dsl(), group, version, format, document, actor);
              AuditLog.record(
                  configuration.dsl(),
                  actor,
                  "collector-config.put",
                  group,
                  null,
                  json(
                      Map.of(
                          "group",
                          group,
                          "version",
                          version,
                          "format",
                          format,
                          "characters",
                          document.length())));
              return new StoredConfig(FleetStore.config(configuration.dsl(), group, version), true);
            });
    CollectorConfigRecord stored = outcome.config();
    boolean changed = outcome.changed();
    Map<String, Object> view = config(stored, false);
    view.put("changed", changed);
    return changed && stored.getVersion() == 1 ? Reply.created(view) : Reply.ok(view);
  }

  private record StoredConfig(CollectorConfigRecord config, boolean changed) {}

  private Map<String, Object> agent(AgentRecord agent, long latestConfigVersion) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", agent.getAgentId());
    view.put("group", agent.getGroupName());
    view.put("host", agent.getHost());
    view.put("firstHeartbeat", Views.time(agent.getFirstHeartbeat()));
    view.put("lastHeartbeat", Views.time(agent.getLastHeartbeat()));
    view.put("heartbeatCount", agent.getHeartbeatCount());
    view.put("configVersion", agent.getConfigVersion());
    view.put("configUpToDate", agent.getConfigVersion() == latestConfigVersion);
    view.put("status", status(agent));
    return view;
  }

  /**
   * An agent's stored status as JSON; one that cannot be read within the limits (stored before
   * them) is shown as a note, so one agent never breaks a listing.
   */
  private Object status(AgentRecord agent) {
    try {
      JsonNode status = mapper.readTree(agent.getStatus());
      if (status != null && depth(status) <= MAX_STATUS_DEPTH) {
        return status;
      }
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.debug("Cannot read the stored status of agent {}: {}", agent.getAgentId(), e.toString());
    }
    return Map.of(
        "unreadable",
        "the stored status is not JSON within the limits (%d levels, %d characters)"
            .formatted(MAX_STATUS_DEPTH, MAX_STATUS_CHARS));
  }

  /** Levels of objects and arrays in {@code node}: 0 for a scalar. */
  static int depth(JsonNode node) {
    if (!node.isContainerNode()) {
      return 0;
    }
    int deepest = 0;
    for (JsonNode child : node) {
      deepest = Math.max(deepest, depth(child));
    }
    return deepest + 1;
  }

  private static Map<String, Object> config(CollectorConfigRecord config, boolean withDocument) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("group", config.getGroupName());
    view.put("version", config.getVersion());
    view.put("format", config.getFormat());
    view.put("createdAt", Views.time(config.getCreatedAt()));
    view.put("createdBy", config.getCreatedBy());
    if (withDocument) {
      view.put("document", config.getDocument());
    }
    return view;
  }

  private static String format(String contentType, String action) {
    String mediaType =
        contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    return switch (mediaType) {
      case "application/json" -> "json";
      case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml" -> "yaml";
      default ->
          throw new ApiException(
              MonitorErrorCode.UNSUPPORTED_MEDIA_TYPE,
              "Cannot %s: Content-Type %s is neither application/json nor application/yaml"
                  .formatted(action, contentType == null ? "(none)" : contentType));
    };
  }

  /** The body as text, checked to be well-formed in its format. */
  private String document(byte[] body, String format, String action) {
    String document;
    try {
      document =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw invalidDocument(action, "is not UTF-8 text", null);
    }
    if (document.isBlank()) {
      throw invalidDocument(action, "is empty", null);
    }
    if (document.length() > MAX_DOCUMENT_CHARS) {
      throw ApiException.invalid(
          action,
          List.of(
              new Violation(
                  "document",
                  "max-length",
                  "must be at most %d characters, got %d"
                      .formatted(MAX_DOCUMENT_CHARS, document.length()),
                  null)));
    }
    try {
      if (format.equals("json")) {
        mapper.readTree(document);
      } else {
        yaml.readTree(document);
      }
    } catch (IOException e) {
      throw invalidDocument(action, "is not well-formed " + format, e.getMessage());
    }
    return document;
  }

  private static ApiException invalidDocument(String action, String message, String detail) {
    return ApiException.invalid(
        action,
        List.of(
            new Violation(
                "document",
                "well-formed",
                detail == null ? message : message + ": " + detail.lines().findFirst().orElse(""),
                null)));
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON: " + e.getMessage(), e);
    }
  }
}
