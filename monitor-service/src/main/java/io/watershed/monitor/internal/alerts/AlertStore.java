package io.watershed.monitor.internal.alerts;

import static io.watershed.monitor.internal.db.Tables.ALERT_FIRING;
import static io.watershed.monitor.internal.db.Tables.ALERT_PROGRESS;
import static io.watershed.monitor.internal.db.Tables.ALERT_RULE;

import io.watershed.monitor.internal.db.tables.records.AlertFiringRecord;
import io.watershed.monitor.internal.db.tables.records.AlertProgressRecord;
import io.watershed.monitor.internal.db.tables.records.AlertRuleRecord;
import io.watershed.monitor.internal.query.Comparison;
import io.watershed.monitor.internal.query.DimensionSlot;
import io.watershed.monitor.internal.query.Step;
import io.watershed.monitor.internal.store.Columns;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** Alert rules, their progress and their firings (the outbox), through jOOQ. */
final class AlertStore {
  private AlertStore() {}

  /**
   * A firing to record.
   *
   * @param firingId what receivers see
   * @param finding the window and its numbers
   * @param payload the webhook body
   */
  record NewFiring(String firingId, Finding finding, String payload) {}

  /** Inserts a rule (its {@code startAt} set) with its progress at the start; returns its id. */
  static long insert(DSLContext db, AlertRule rule, String actor, OffsetDateTime now) {
    AlertRuleRecord row = db.newRecord(ALERT_RULE);
    set(row, rule);
    row.setRevision(1L);
    row.setCreatedAt(now);
    row.setCreatedBy(actor);
    row.setUpdatedAt(now);
    row.setUpdatedBy(actor);
    long id = db.insertInto(ALERT_RULE).set(row).returningResult(ALERT_RULE.ID).fetchOne().value1();
    db.insertInto(ALERT_PROGRESS)
        .set(ALERT_PROGRESS.RULE_ID, id)
        .set(ALERT_PROGRESS.RULE_REVISION, 1L)
        .set(ALERT_PROGRESS.NEXT_WINDOW_MS, rule.startAt())
        .set(ALERT_PROGRESS.SILENT, false)
        .execute();
    return id;
  }

  /** Replaces a rule as its revision {@code revision}; the progress moves to {@code next}. */
  static void update(
      DSLContext db,
      long id,
      long revision,
      AlertRule rule,
      String actor,
      OffsetDateTime now,
      long next,
      boolean silent) {
    AlertRuleRecord row = db.newRecord(ALERT_RULE);
    set(row, rule);
    row.setRevision(revision);
    row.setUpdatedAt(now);
    row.setUpdatedBy(actor);
    row.changed(ALERT_RULE.ID, false);
    row.changed(ALERT_RULE.CREATED_AT, false);
    row.changed(ALERT_RULE.CREATED_BY, false);
    db.update(ALERT_RULE).set(row).where(ALERT_RULE.ID.eq(id)).execute();
    db.update(ALERT_PROGRESS)
        .set(ALERT_PROGRESS.RULE_REVISION, revision)
        .set(ALERT_PROGRESS.NEXT_WINDOW_MS, next)
        .set(ALERT_PROGRESS.SILENT, silent)
        .where(ALERT_PROGRESS.RULE_ID.eq(id))
        .execute();
  }

  /** Deletes a rule and its progress, cancelling its pending firings; false if there was none. */
  static boolean delete(DSLContext db, long id) {
    int deleted = db.deleteFrom(ALERT_RULE).where(ALERT_RULE.ID.eq(id)).execute();
    if (deleted == 0) {
      return false;
    }
    db.update(ALERT_FIRING)
        .set(ALERT_FIRING.STATE, FiringState.CANCELLED.wire())
        .where(ALERT_FIRING.RULE_ID.eq(id))
        .and(ALERT_FIRING.STATE.eq(FiringState.PENDING.wire()))
        .execute();
    return true;
  }

  /** The rule {@code id} with its progress, or null. */
  static StoredAlert find(DSLContext db, long id) {
    return db.select()
        .from(ALERT_RULE)
        .join(ALERT_PROGRESS)
        .on(ALERT_PROGRESS.RULE_ID.eq(ALERT_RULE.ID))
        .where(ALERT_RULE.ID.eq(id))
        .fetchOptional()
        .map(AlertStore::stored)
        .orElse(null);
  }

  /** Rules by id, of one UBC ID when {@code ubc} is not null, enabled ones only if asked. */
  static List<StoredAlert> list(DSLContext db, String ubc, boolean enabledOnly, int limit) {
    Condition condition = ubc == null ? DSL.noCondition() : ALERT_RULE.UBC_ID.eq(ubc);
    if (enabledOnly) {
      condition = condition.and(ALERT_RULE.ENABLED.isTrue());
    }
    return db.select()
        .from(ALERT_RULE)
        .join(ALERT_PROGRESS)
        .on(ALERT_PROGRESS.RULE_ID.eq(ALERT_RULE.ID))
        .where(condition)
        .orderBy(ALERT_RULE.ID)
        .limit(limit)
        .fetch(AlertStore::stored);
  }

  /**
   * Records an evaluation: moves the progress of rule {@code id} from {@code from} to {@code next}
   * and inserts the firings not recorded yet, in the caller's transaction. Does nothing and answers
   * false when the progress is no longer at {@code from} of {@code revision} (the rule changed, or
   * another evaluator was first).
   *
   * @return the number of firings inserted, or -1 when nothing was recorded
   */
  static int recordEvaluation(
      DSLContext db,
      StoredAlert alert,
      long next,
      boolean silent,
      List<NewFiring> firings,
      OffsetDateTime now) {
    int moved =
        db.update(ALERT_PROGRESS)
            .set(ALERT_PROGRESS.NEXT_WINDOW_MS, next)
            .set(ALERT_PROGRESS.SILENT, silent)
            .set(ALERT_PROGRESS.EVALUATED_AT, now)
            .where(ALERT_PROGRESS.RULE_ID.eq(alert.id()))
            .and(ALERT_PROGRESS.RULE_REVISION.eq(alert.revision()))
            .and(ALERT_PROGRESS.NEXT_WINDOW_MS.eq(alert.nextWindow()))
            .execute();
    if (moved == 0) {
      return -1;
    }
    int inserted = 0;
    for (NewFiring firing : firings) {
      Finding finding = firing.finding();
      boolean recorded =
          db.fetchExists(
              ALERT_FIRING,
              ALERT_FIRING
                  .RULE_ID
                  .eq(alert.id())
                  .and(ALERT_FIRING.WINDOW_START_MS.eq(finding.windowStart())));
      if (recorded) {
        continue;
      }
      db.insertInto(ALERT_FIRING)
          .set(ALERT_FIRING.FIRING_ID, firing.firingId())
          .set(ALERT_FIRING.RULE_ID, alert.id())
          .set(ALERT_FIRING.UBC_ID, alert.rule().ubc())
          .set(ALERT_FIRING.KIND, alert.rule().kind().wire())
          .set(ALERT_FIRING.WINDOW_START_MS, finding.windowStart())
          .set(ALERT_FIRING.WINDOW_END_MS, finding.windowEnd())
          .set(ALERT_FIRING.OBSERVED, finding.value())
          .set(ALERT_FIRING.BASELINE, finding.baseline())
          .set(ALERT_FIRING.FIRED_AT, now)
          .set(ALERT_FIRING.PAYLOAD, firing.payload())
          .set(ALERT_FIRING.STATE, FiringState.PENDING.wire())
          .set(ALERT_FIRING.ATTEMPTS, 0)
          .set(ALERT_FIRING.NEXT_ATTEMPT_AT, now)
          .execute();
      inserted++;
    }
    return inserted;
  }

  /** Firings newest first, below id {@code before}, of one rule and state when given. */
  static List<AlertFiringRecord> firings(
      DSLContext db, Long ruleId, FiringState state, long before, int limit) {
    return db.selectFrom(ALERT_FIRING)
        .where(ALERT_FIRING.ID.lt(before))
        .and(ruleId == null ? DSL.noCondition() : ALERT_FIRING.RULE_ID.eq(ruleId))
        .and(state == null ? DSL.noCondition() : ALERT_FIRING.STATE.eq(state.wire()))
        .orderBy(ALERT_FIRING.ID.desc())
        .limit(limit)
        .fetch();
  }

  /** Pending firings whose next attempt is due, the longest waiting first. */
  static List<AlertFiringRecord> due(DSLContext db, OffsetDateTime now, int limit) {
    return db.selectFrom(ALERT_FIRING)
        .where(ALERT_FIRING.STATE.eq(FiringState.PENDING.wire()))
        .and(ALERT_FIRING.NEXT_ATTEMPT_AT.le(now))
        .orderBy(ALERT_FIRING.NEXT_ATTEMPT_AT, ALERT_FIRING.ID)
        .limit(limit)
        .fetch();
  }

  /**
   * Takes a due firing for one attempt: its next attempt moves to {@code leaseUntil}, so no other
   * sender takes it meanwhile, and a sender that dies leaves it due again then. False when another
   * sender took it first.
   */
  static boolean claim(DSLContext db, AlertFiringRecord firing, OffsetDateTime leaseUntil) {
    return db.update(ALERT_FIRING)
            .set(ALERT_FIRING.NEXT_ATTEMPT_AT, leaseUntil)
            .where(ALERT_FIRING.ID.eq(firing.getId()))
            .and(ALERT_FIRING.STATE.eq(FiringState.PENDING.wire()))
            .and(ALERT_FIRING.NEXT_ATTEMPT_AT.eq(firing.getNextAttemptAt()))
            .execute()
        == 1;
  }

  /**
   * Records an attempt: delivered, failed for good, or to be tried again at {@code next}.
   *
   * @param state the state after it
   * @param next the next attempt, for a pending firing
   */
  static void attempted(
      DSLContext db,
      long id,
      FiringState state,
      String status,
      OffsetDateTime at,
      OffsetDateTime next) {
    db.update(ALERT_FIRING)
        .set(ALERT_FIRING.STATE, state.wire())
        .set(ALERT_FIRING.ATTEMPTS, ALERT_FIRING.ATTEMPTS.plus(1))
        .set(ALERT_FIRING.LAST_ATTEMPT_AT, at)
        .set(ALERT_FIRING.LAST_STATUS, Columns.truncate(status, 256))
        .set(ALERT_FIRING.NEXT_ATTEMPT_AT, next == null ? at : next)
        .set(ALERT_FIRING.DELIVERED_AT, state == FiringState.DELIVERED ? at : null)
        .where(ALERT_FIRING.ID.eq(id))
        .and(ALERT_FIRING.STATE.eq(FiringState.PENDING.wire()))
        .execute();
  }

  /** The webhook of rule {@code id}, or null when it was deleted. */
  static String webhook(DSLContext db, long id) {
    return db.select(ALERT_RULE.WEBHOOK_URL)
        .from(ALERT_RULE)
        .where(ALERT_RULE.ID.eq(id))
        .fetchOptional(ALERT_RULE.WEBHOOK_URL)
        .orElse(null);
  }

  private static void set(AlertRuleRecord row, AlertRule rule) {
    row.setName(rule.name());
    row.setUbcId(rule.ubc());
    row.setFilterSlot(rule.filterSlot() == null ? null : rule.filterSlot().ordinal() + 1);
    row.setFilterValue(rule.filterValue());
    row.setKind(rule.kind().wire());
    row.setMetric(rule.metric().wire());
    row.setStepMinutes((int) (rule.step().millis() / 60_000));
    row.setCompareTo(rule.compareTo() == null ? null : rule.compareTo().wire());
    row.setChangePercent(rule.percent());
    row.setMinBaseline(rule.minBaseline());
    row.setThresholdMin(rule.min());
    row.setThresholdMax(rule.max());
    row.setSilentMinutes(rule.minutes());
    row.setWebhookUrl(rule.webhook());
    row.setEnabled(rule.enabled());
    row.setStartAtMs(rule.startAt());
  }

  private static StoredAlert stored(Record record) {
    AlertRuleRecord row = record.into(ALERT_RULE);
    AlertProgressRecord progress = record.into(ALERT_PROGRESS);
    Integer slot = row.getFilterSlot();
    AlertRule rule =
        new AlertRule(
            row.getName(),
            row.getUbcId(),
            slot == null ? null : DimensionSlot.values()[slot - 1],
            row.getFilterValue(),
            AlertKind.parse(row.getKind()),
            AlertMetric.parse(row.getMetric()),
            row.getStepMinutes() == 5 ? Step.FIVE_MINUTES : Step.ONE_MINUTE,
            Arrays.stream(Comparison.values())
                .filter(c -> c.wire().equals(row.getCompareTo()))
                .findFirst()
                .orElse(null),
            row.getChangePercent(),
            row.getMinBaseline(),
            row.getThresholdMin(),
            row.getThresholdMax(),
            row.getSilentMinutes(),
            row.getWebhookUrl(),
            row.getEnabled(),
            row.getStartAtMs());
    return new StoredAlert(
        row.getId(),
        row.getRevision(),
        rule,
        row.getCreatedAt(),
        row.getCreatedBy(),
        row.getUpdatedAt(),
        row.getUpdatedBy(),
        progress.getNextWindowMs(),
        progress.getSilent(),
        progress.getEvaluatedAt());
  }
}
