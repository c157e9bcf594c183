package io.watershed.monitor.internal.fleet;

import static io.watershed.monitor.internal.db.Tables.AGENT;
import static io.watershed.monitor.internal.db.Tables.COLLECTOR_CONFIG;

import io.watershed.monitor.internal.db.tables.CollectorConfig;
import io.watershed.monitor.internal.db.tables.records.AgentRecord;
import io.watershed.monitor.internal.db.tables.records.CollectorConfigRecord;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Agents as last heard on heartbeat, and collector configs per group, through jOOQ. */
public final class FleetStore {
  private FleetStore() {}

  /**
   * What an agent reported on one heartbeat.
   *
   * @param agentId the agent
   * @param group its agent group
   * @param host the host it runs on
   * @param status the status object it reported, as JSON
   * @param configVersion the version of the collector config it runs
   */
  public record Heartbeat(
      String agentId, String group, String host, String status, long configVersion) {}

  /**
   * Records a heartbeat: counts it, keeps the newest status, and creates the agent on its first
   * heartbeat. Concurrent first heartbeats of one agent race on the primary key; the loser's
   * transaction is retried by {@link MonitorDatabase#transaction} and then updates.
   */
  public static void record(DSLContext db, Heartbeat heartbeat) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    int updated =
        db.update(AGENT)
            .set(AGENT.GROUP_NAME, heartbeat.group())
            .set(AGENT.HOST, heartbeat.host())
            .set(AGENT.LAST_HEARTBEAT, now)
            .set(AGENT.HEARTBEAT_COUNT, AGENT.HEARTBEAT_COUNT.plus(1L))
            .set(AGENT.CONFIG_VERSION, heartbeat.configVersion())
            .set(AGENT.STATUS, heartbeat.status())
            .where(AGENT.AGENT_ID.eq(heartbeat.agentId()))
            .execute();
    if (updated == 0) {
      db.insertInto(AGENT)
          .set(AGENT.AGENT_ID, heartbeat.agentId())
          .set(AGENT.GROUP_NAME, heartbeat.group())
          .set(AGENT.HOST, heartbeat.host())
          .set(AGENT.FIRST_HEARTBEAT, now)
          .set(AGENT.LAST_HEARTBEAT, now)
          .set(AGENT.HEARTBEAT_COUNT, 1L)
          .set(AGENT.CONFIG_VERSION, heartbeat.configVersion())
          .set(AGENT.STATUS, heartbeat.status())
          .execute();
    }
  }

  public static AgentRecord agent(DSLContext db, String agentId) {
    return db.selectFrom(AGENT).where(AGENT.AGENT_ID.eq(agentId)).fetchOne();
  }

  /** Agents ordered by ID, of one group when {@code group} is not null. */
  public static List<AgentRecord> agents(DSLContext db, String group, int limit) {
    return db.selectFrom(AGENT)
        .where(group == null ? DSL.noCondition() : AGENT.GROUP_NAME.eq(group))
        .orderBy(AGENT.AGENT_ID)
        .limit(limit)
        .fetch();
  }

  /** The newest config of a group, or null when it has none. */
  public static CollectorConfigRecord latestConfig(DSLContext db, String group) {
    return db.selectFrom(COLLECTOR_CONFIG)
        .where(COLLECTOR_CONFIG.GROUP_NAME.eq(group))
        .orderBy(COLLECTOR_CONFIG.VERSION.desc())
        .limit(1)
        .fetchOne();
  }

  public static CollectorConfigRecord config(DSLContext db, String group, long version) {
    return db.selectFrom(COLLECTOR_CONFIG)
        .where(COLLECTOR_CONFIG.GROUP_NAME.eq(group))
        .and(COLLECTOR_CONFIG.VERSION.eq(version))
        .fetchOne();
  }

  /** The newest config of every group, ordered by group. */
  public static List<CollectorConfigRecord> latestConfigs(DSLContext db) {
    CollectorConfig newer = COLLECTOR_CONFIG.as("newer");
    return db.selectFrom(COLLECTOR_CONFIG)
        .whereNotExists(
            db.selectOne()
                .from(newer)
                .where(newer.GROUP_NAME.eq(COLLECTOR_CONFIG.GROUP_NAME))
                .and(newer.VERSION.gt(COLLECTOR_CONFIG.VERSION)))
        .orderBy(COLLECTOR_CONFIG.GROUP_NAME)
        .fetch();
  }

  /** Stores a config as version {@code version} of its group. */
  public static void insertConfig(
      DSLContext db, String group, long version, String format, String document, String actor) {
    db.insertInto(COLLECTOR_CONFIG)
        .set(COLLECTOR_CONFIG.GROUP_NAME, group)
        .set(COLLECTOR_CONFIG.VERSION, version)
        .set(COLLECTOR_CONFIG.FORMAT, format)
        .set(COLLECTOR_CONFIG.DOCUMENT, document)
        .set(COLLECTOR_CONFIG.CREATED_AT, OffsetDateTime.now(ZoneOffset.UTC))
        .set(COLLECTOR_CONFIG.CREATED_BY, actor)
        .execute();
  }
}
