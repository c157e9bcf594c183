package io.watershed.monitor.internal.auth;

import static io.watershed.monitor.internal.db.Tables.AUDIT_LOG;

import io.watershed.monitor.internal.db.tables.records.AuditLogRecord;
import io.watershed.monitor.internal.store.Columns;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Who changed what and when: one row per change made through the API. */
public final class AuditLog {
  private AuditLog() {}

  /**
   * Records a change in the caller's transaction.
   *
   * @param actor the token name
   * @param action e.g. {@code ubc-id.update}
   * @param target what changed, e.g. {@code ubc_0001/d3}
   * @param ruleVersion the rule version the change made, or null for changes outside the rules
   * @param detail the new state as JSON
   */
  public static void record(
      DSLContext db, String actor, String action, String target, Long ruleVersion, String detail) {
    db.insertInto(AUDIT_LOG)
        .set(AUDIT_LOG.OCCURRED_AT, OffsetDateTime.now(ZoneOffset.UTC))
        .set(AUDIT_LOG.ACTOR, actor)
        .set(AUDIT_LOG.ACTION, action)
        .set(AUDIT_LOG.TARGET, Columns.truncate(target, 256))
        .set(AUDIT_LOG.RULE_VERSION, ruleVersion)
        .set(AUDIT_LOG.DETAIL, Columns.truncate(detail, 1_000_000))
        .execute();
  }

  /**
   * Entries older than {@code beforeId}, newest first, optionally of one target only, and of one
   * target with its parts only ({@code under} ubc_0001: ubc_0001 and ubc_0001/d3).
   */
  public static List<AuditLogRecord> list(
      DSLContext db, long beforeId, int limit, String target, String under) {
    return db.selectFrom(AUDIT_LOG)
        .where(AUDIT_LOG.ID.lt(beforeId))
        .and(target == null ? DSL.noCondition() : AUDIT_LOG.TARGET.eq(target))
        .and(
            under == null
                ? DSL.noCondition()
                // left() rather than LIKE: IDs hold '_', a LIKE wildcard
                : AUDIT_LOG
                    .TARGET
                    .eq(under)
                    .or(DSL.left(AUDIT_LOG.TARGET, under.length() + 1).eq(under + "/")))
        .orderBy(AUDIT_LOG.ID.desc())
        .limit(limit)
        .fetch();
  }
}
