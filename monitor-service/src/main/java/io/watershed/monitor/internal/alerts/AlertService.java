package io.watershed.monitor.internal.alerts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.MonitorErrorCode;
import io.watershed.monitor.internal.Violation;
import io.watershed.monitor.internal.auth.AuditLog;
import io.watershed.monitor.internal.auth.Principal;
import io.watershed.monitor.internal.db.tables.records.AlertFiringRecord;
import io.watershed.monitor.internal.rules.RuleService;
import io.watershed.monitor.internal.rules.StoredUbcId;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * Alert rules through the API: validated (the UBC ID and its dimension must exist in the rules),
 * stored with their progress, audited; and the firings' history.
 */
public final class AlertService {
  /** Rules one listing answers at most. */
  public static final int MAX_LISTED = 1000;

  private final MonitorDatabase database;
  private final RuleService rules;
  private final ObjectMapper mapper;
  private final Clock clock;

  public AlertService(
      MonitorDatabase database, RuleService rules, ObjectMapper mapper, Clock clock) {
    this.database = requireNonNull(database, "database is null");
    this.rules = requireNonNull(rules, "rules is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * The result of a write.
   *
   * @param changed whether anything changed
   * @param created whether the rule was created
   * @param alert the rule after the write
   */
  public record Written(boolean changed, boolean created, StoredAlert alert) {}

  /** Rules by id, of one UBC ID when {@code ubc} is not null. */
  public List<StoredAlert> list(String ubc) {
    return AlertStore.list(database.dsl(), ubc, false, MAX_LISTED);
  }

  public StoredAlert get(long id) {
    StoredAlert alert = AlertStore.find(database.dsl(), id);
    if (alert == null) {
      throw notFound(id);
    }
    return alert;
  }

  public Written create(Principal who, ObjectNode body) {
    OffsetDateTime now = now();
    List<Violation> violations = new ArrayList<>();
    AlertRule parsed = AlertInput.rule(body, now.toInstant(), violations);
    ApiException.check("create alert rule " + nameOf(body), violations);
    checkAgainstRules(parsed, violations);
    ApiException.check("create alert rule " + nameOf(body), violations);
    AlertRule rule =
        parsed.startAt() != null
            ? parsed
            : parsed.startingAt(parsed.alignDown(now.toInstant().toEpochMilli()));
    StoredAlert created =
        database.transaction(
            "create alert rule " + rule.name(),
            configuration -> {
              DSLContext db = configuration.dsl();
              long id = AlertStore.insert(db, rule, who.name(), now);
              StoredAlert stored = AlertStore.find(db, id);
              AuditLog.record(db, who.name(), "alert.create", target(id), null, json(stored));
              return stored;
            });
    return new Written(true, true, created);
  }

  /**
   * Replaces rule {@code id}. Its progress stays, except: a new {@code startAt} evaluates again
   * from there (a window fires once whatever happens), enabling a disabled rule skips the windows
   * before now, and a new step aligns the progress up to it.
   */
  public Written put(Principal who, long id, ObjectNode body) {
    OffsetDateTime now = now();
    List<Violation> violations = new ArrayList<>();
    AlertRule parsed = AlertInput.rule(body, now.toInstant(), violations);
    ApiException.check("save alert rule " + id, violations);
    checkAgainstRules(parsed, violations);
    ApiException.check("save alert rule " + id, violations);
    return database.transaction(
        "save alert rule " + id,
        configuration -> {
          DSLContext db = configuration.dsl();
          StoredAlert current = AlertStore.find(db, id);
          if (current == null) {
            throw notFound(id);
          }
          AlertRule before = current.rule();
          boolean newStart = parsed.startAt() != null && !parsed.startAt().equals(before.startAt());
          AlertRule rule =
              newStart ? parsed : parsed.startingAt(parsed.alignDown(before.startAt()));
          if (rule.equals(before)) {
            return new Written(false, false, current);
          }
          long next = rule.alignUp(current.nextWindow());
          if (newStart) {
            next = rule.startAt();
          } else if (rule.enabled() && !before.enabled()) {
            next = Math.max(next, rule.alignDown(now.toInstant().toEpochMilli()));
          }
          boolean sameSilence =
              rule.kind() == AlertKind.NO_DATA
                  && before.kind() == AlertKind.NO_DATA
                  && rule.ubc().equals(before.ubc())
                  && rule.filterSlot() == before.filterSlot()
                  && Objects.equals(rule.filterValue(), before.filterValue())
                  && !newStart;
          AlertStore.update(
              db,
              id,
              current.revision() + 1,
              rule,
              who.name(),
              now,
              next,
              sameSilence && current.silent());
          StoredAlert stored = AlertStore.find(db, id);
          AuditLog.record(db, who.name(), "alert.update", target(id), null, json(stored));
          return new Written(true, false, stored);
        });
  }

  /** Deletes rule {@code id}; its pending firings are cancelled, its history stays. */
  public void delete(Principal who, long id) {
    database.transaction(
        "delete alert rule " + id,
        configuration -> {
          DSLContext db = configuration.dsl();
          if (!AlertStore.delete(db, id)) {
            throw notFound(id);
          }
          AuditLog.record(db, who.name(), "alert.delete", target(id), null, "{}");
          return null;
        });
  }

  /** Firings newest first, below id {@code before}, of one rule and state when given. */
  public List<AlertFiringRecord> firings(Long ruleId, FiringState state, long before, int limit) {
    return AlertStore.firings(database.dsl(), ruleId, state, before, limit);
  }

  /** What needs the UBC rules: the UBC ID exists, has the filter's dimension, and flow logs. */
  private void checkAgainstRules(AlertRule rule, List<Violation> violations) {
    StoredUbcId stored;
    try {
      stored = rules.get(rule.ubc());
    } catch (ApiException e) {
      if (e.code() != MonitorErrorCode.NOT_FOUND) {
        throw e;
      }
      violations.add(
          new Violation(
              "ubc",
              "unknown-ubc-id",
              "must be a UBC ID of the rules (GET /v1/ubc-ids lists them)",
              rule.ubc()));
      return;
    }
    if (rule.filterSlot() != null) {
      List<String> columns = stored.dimensions().stream().map(d -> d.dimension().column()).toList();
      if (!columns.contains(rule.filterSlot().column())) {
        violations.add(
            new Violation(
                "filter",
                "unknown-dimension",
                "must name a dimension of UBC ID %s (it has %s)".formatted(rule.ubc(), columns),
                rule.filterSlot().column()));
      }
    }
    if (rule.metric() == AlertMetric.DURATION && !stored.ubcId().flowLogs()) {
      violations.add(
          new Violation(
              "metric",
              "flow-only-metric",
              "is summed for flow logs only; UBC ID %s has event logs".formatted(rule.ubc()),
              rule.metric().wire()));
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock)
        .withOffsetSameInstant(ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.MILLIS);
  }

  private String json(StoredAlert alert) {
    try {
      return mapper.writeValueAsString(AlertViews.alert(alert));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write alert rule as JSON: " + e.getMessage(), e);
    }
  }

  static String target(long id) {
    return "alert/" + id;
  }

  private static String nameOf(ObjectNode body) {
    return body.path("name").isTextual() ? body.path("name").textValue() : "(unnamed)";
  }

  private static ApiException notFound(long id) {
    return ApiException.notFound("Cannot find alert rule %d: no such rule", id);
  }
}
