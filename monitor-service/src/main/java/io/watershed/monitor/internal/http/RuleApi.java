package io.watershed.monitor.internal.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.auth.AuditLog;
import io.watershed.monitor.internal.db.tables.records.AuditLogRecord;
import io.watershed.monitor.internal.db.tables.records.RuleVersionRecord;
import io.watershed.monitor.internal.rules.MappingKind;
import io.watershed.monitor.internal.rules.RuleInput;
import io.watershed.monitor.internal.rules.RuleService;
import io.watershed.monitor.internal.rules.StoredUbcId;
import io.watershed.monitor.internal.rules.Views;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HTTP side of the UBC rules: UBC IDs, dimensions, mappings, rule sets, versions, audit. */
final class RuleApi {
  private static final Pattern SLOT = Pattern.compile("d?([0-9]{1,3})");

  private final RuleService rules;
  private final MonitorDatabase database;
  private final ObjectMapper mapper;

  RuleApi(RuleService rules, MonitorDatabase database, ObjectMapper mapper) {
    this.rules = requireNonNull(rules, "rules is null");
    this.database = requireNonNull(database, "database is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
  }

  Reply listUbcIds(Request request) {
    long head = rules.head();
    Map<String, Object> view = Views.ruleSet(head, rules.list());
    return Reply.ok(Map.of("ruleVersion", head, "ubcIds", view.get("ubcIds")));
  }

  Reply createUbcId(Request request) {
    return written(rules.createUbcId(request.principal(), request.object()), "ubcId");
  }

  /** The UBC ID now, or as it was at rule version {@code version=V}. */
  Reply getUbcId(Request request) {
    String id = request.path("id");
    if (request.query("version") != null) {
      long version = request.queryLong("version", 0, 0, Long.MAX_VALUE);
      return Reply.ok(Views.ubcId(rules.get(id, version))).withHeader("ETag", etag(version));
    }
    return Reply.ok(Views.ubcId(rules.get(id)));
  }

  /** The rule versions that changed one UBC ID, newest first: the history of its page. */
  Reply listUbcIdVersions(Request request) {
    String id = request.path("id");
    long before = request.queryLong("before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
    int limit = (int) request.queryLong("limit", 100, 1, 1000);
    List<Map<String, Object>> versions =
        rules.versionsOf(id, before, limit).stream().map(RuleApi::version).toList();
    return Reply.ok(Map.of("ubcId", id, "head", rules.head(), "versions", versions));
  }

  Reply putUbcId(Request request) {
    String id = request.path("id");
    if (!RuleInput.UBC_ID.matcher(id).matches()) {
      throw ApiException.badRequest(
          "Cannot save UBC ID %s: IDs are 1 to 64 letters, digits, '_', '.' or '-'", id);
    }
    return written(rules.putUbcId(request.principal(), id, request.object()), "ubcId");
  }

  Reply deleteUbcId(Request request) {
    String id = request.path("id");
    return written(rules.deleteUbcId(request.principal(), id), "deleted", id);
  }

  Reply listDimensions(Request request) {
    StoredUbcId ubcId = rules.get(request.path("id"));
    return Reply.ok(
        Map.of(
            "ubcId",
            ubcId.ubcId().id(),
            "dimensions",
            ubcId.dimensions().stream().map(Views::dimension).toList()));
  }

  Reply createDimension(Request request) {
    return written(
        rules.addDimension(request.principal(), request.path("id"), request.object()), "dimension");
  }

  Reply getDimension(Request request) {
    return Reply.ok(Views.dimension(rules.dimension(request.path("id"), slot(request))));
  }

  Reply putDimension(Request request) {
    return written(
        rules.putDimension(
            request.principal(), request.path("id"), slot(request), request.object()),
        "dimension");
  }

  Reply deleteDimension(Request request) {
    int slot = slot(request);
    return written(
        rules.deleteDimension(request.principal(), request.path("id"), slot),
        "deleted",
        request.path("id") + "/d" + slot);
  }

  Reply getMappings(Request request) {
    String id = request.path("id");
    StoredUbcId.StoredDimension dimension = rules.dimension(id, slot(request));
    if (dimension.dimension().mapping() != MappingKind.MANY_TO_ONE) {
      throw ApiException.notFound(
          "Cannot read the mappings of dimension %s of UBC ID %s: it is one-to-one, without a"
              + " mapping table",
          dimension.dimension().column(), id);
    }
    return Reply.ok(Views.mappings(id, dimension));
  }

  Reply putMappings(Request request) {
    return written(
        rules.putMappings(request.principal(), request.path("id"), slot(request), request.object()),
        "mappings");
  }

  /**
   * The full rule set: of the newest version, of {@code version=V}, or 304 when the caller's {@code
   * since=V} (or {@code If-None-Match}) is the newest version already.
   */
  Reply getRules(Request request) {
    if (request.query("since") != null && request.query("version") != null) {
      throw ApiException.badRequest(
          "Cannot read rules: give since=V (newest, 304 if unchanged) or version=V (that version),"
              + " not both");
    }
    long head = rules.head();
    if (request.query("version") != null) {
      long version = request.queryLong("version", head, 0, Long.MAX_VALUE);
      if (version > head) {
        throw ApiException.notFound(
            "Cannot read rule version %d: the newest version is %d", version, head);
      }
      return Reply.ok(rules.ruleSet(version)).withHeader("ETag", etag(version));
    }
    long since = request.queryLong("since", -1, 0, Long.MAX_VALUE);
    if (since == head || etag(head).equals(request.ifNoneMatch())) {
      return Reply.notModified().withHeader("ETag", etag(head));
    }
    return Reply.ok(rules.ruleSet(head)).withHeader("ETag", etag(head));
  }

  Reply listRuleVersions(Request request) {
    long before = request.queryLong("before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
    int limit = (int) request.queryLong("limit", 100, 1, 1000);
    List<Map<String, Object>> versions =
        rules.versions(before, limit).stream().map(RuleApi::version).toList();
    return Reply.ok(Map.of("head", rules.head(), "versions", versions));
  }

  Reply listAudit(Request request) {
    long before = request.queryLong("before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
    int limit = (int) request.queryLong("limit", 100, 1, 1000);
    List<Map<String, Object>> entries =
        AuditLog.list(
                database.dsl(), before, limit, request.query("target"), request.query("under"))
            .stream()
            .map(this::auditEntry)
            .toList();
    return Reply.ok(Map.of("entries", entries));
  }

  /** The slot of the path: {@code 3} or {@code d3}. */
  static int slot(Request request) {
    String text = request.path("slot");
    Matcher matcher = SLOT.matcher(text);
    if (!matcher.matches()) {
      throw ApiException.badRequest(
          "Cannot read dimension slot %s: must be a number 1 to 6, or d1 to d6", text);
    }
    return Integer.parseInt(matcher.group(1));
  }

  static String etag(long version) {
    return "\"" + version + "\"";
  }

  private static Reply written(RuleService.Written written, String key) {
    Map<String, Object> body =
        Views.written(written.ruleVersion(), written.changed(), key, written.view());
    return (written.created() ? Reply.created(body) : Reply.ok(body))
        .withHeader("ETag", etag(written.ruleVersion()));
  }

  private static Reply written(RuleService.Written written, String key, String deleted) {
    return Reply.ok(Views.written(written.ruleVersion(), written.changed(), key, deleted))
        .withHeader("ETag", etag(written.ruleVersion()));
  }

  private static Map<String, Object> version(RuleVersionRecord row) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("version", row.getVersion());
    view.put("createdAt", Views.time(row.getCreatedAt()));
    view.put("actor", row.getActor());
    view.put("summary", row.getSummary());
    return view;
  }

  private Map<String, Object> auditEntry(AuditLogRecord row) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", row.getId());
    view.put("occurredAt", Views.time(row.getOccurredAt()));
    view.put("actor", row.getActor());
    view.put("action", row.getAction());
    view.put("target", row.getTarget());
    view.put("ruleVersion", row.getRuleVersion());
    try {
      view.put("detail", mapper.readTree(row.getDetail()));
    } catch (JsonProcessingException e) {
      view.put("detail", row.getDetail());
    }
    return view;
  }
}
