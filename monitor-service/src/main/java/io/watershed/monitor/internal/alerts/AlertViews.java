package io.watershed.monitor.internal.alerts;

import io.watershed.monitor.internal.db.tables.records.AlertFiringRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON documents of the alerts API, built explicitly so that their shape is stated here. */
public final class AlertViews {
  private AlertViews() {}

  /** A rule as {@code GET /v1/alerts/{id}} answers it; PUT takes it back as it is. */
  public static Map<String, Object> alert(StoredAlert stored) {
    AlertRule rule = stored.rule();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", stored.id());
    view.put("revision", stored.revision());
    view.put("name", rule.name());
    view.put("ubc", rule.ubc());
    if (rule.filterSlot() != null) {
      view.put("filter", Map.of(rule.filterSlot().column(), rule.filterValue()));
    }
    view.put("kind", rule.kind().wire());
    view.put("metric", rule.metric().wire());
    view.put("step", rule.step().wire());
    if (rule.compareTo() != null) {
      view.put("compareTo", rule.compareTo().wire());
    }
    view.put("percent", rule.percent());
    view.put("minBaseline", rule.minBaseline());
    view.put("min", rule.min());
    view.put("max", rule.max());
    view.put("minutes", rule.minutes());
    view.put("webhook", rule.webhook());
    view.put("enabled", rule.enabled());
    view.put("startAt", time(rule.startAt()));
    view.put("evaluatedUntil", time(stored.nextWindow()));
    view.put("evaluatedAt", time(stored.evaluatedAt()));
    view.put("createdAt", time(stored.createdAt()));
    view.put("createdBy", stored.createdBy());
    view.put("updatedAt", time(stored.updatedAt()));
    view.put("updatedBy", stored.updatedBy());
    return view;
  }

  /** A firing and its delivery, as {@code GET /v1/alerts/firings} lists it. */
  public static Map<String, Object> firing(AlertFiringRecord row) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", row.getId());
    view.put("firingId", row.getFiringId());
    view.put("ruleId", row.getRuleId());
    view.put("ubc", row.getUbcId());
    view.put("kind", row.getKind());
    view.put("windowStart", time(row.getWindowStartMs()));
    view.put("windowEnd", time(row.getWindowEndMs()));
    view.put("value", row.getObserved());
    view.put("baseline", row.getBaseline());
    view.put("firedAt", time(row.getFiredAt()));
    view.put("state", row.getState());
    view.put("attempts", row.getAttempts());
    view.put("lastStatus", row.getLastStatus());
    view.put("lastAttemptAt", time(row.getLastAttemptAt()));
    if (FiringState.PENDING.wire().equals(row.getState())) {
      view.put("nextAttemptAt", time(row.getNextAttemptAt()));
    }
    view.put("deliveredAt", time(row.getDeliveredAt()));
    return view;
  }

  static String time(Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
  }

  static String time(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
