package io.watershed.monitor.internal.rules;

import static io.watershed.monitor.internal.db.Tables.DIMENSION_REVISION;
import static io.watershed.monitor.internal.db.Tables.MAPPING_ENTRY;
import static io.watershed.monitor.internal.db.Tables.RULE_HEAD;
import static io.watershed.monitor.internal.db.Tables.RULE_VERSION;
import static io.watershed.monitor.internal.db.Tables.UBC_ID_REVISION;

import io.watershed.contracts.Normalisation;
import io.watershed.monitor.internal.db.tables.records.DimensionRevisionRecord;
import io.watershed.monitor.internal.db.tables.records.RuleVersionRecord;
import io.watershed.monitor.internal.db.tables.records.UbcIdRevisionRecord;
import io.watershed.monitor.internal.store.Columns;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep6;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The versioned UBC rules in the database, through jOOQ. A row holds from rule version {@code
 * valid_from} up to {@code valid_to} (exclusive; null while current): changes close rows and insert
 * new ones, so every version can be read back. Callers bring the transaction.
 */
final class RuleStore {
  private RuleStore() {}

  /** The newest rule version. */
  static long head(DSLContext db) {
    return db.select(RULE_HEAD.VERSION)
        .from(RULE_HEAD)
        .where(RULE_HEAD.ID.eq(1))
        .fetchSingle()
        .value1();
  }

  /** The newest rule version, locked until the transaction ends: writers take turns here. */
  static long lockHead(DSLContext db) {
    return db.select(RULE_HEAD.VERSION)
        .from(RULE_HEAD)
        .where(RULE_HEAD.ID.eq(1))
        .forUpdate()
        .fetchSingle()
        .value1();
  }

  /** Records rule version {@code version} and makes it the head. */
  static void commitVersion(DSLContext db, long version, String actor, String summary) {
    db.insertInto(RULE_VERSION)
        .set(RULE_VERSION.VERSION, version)
        .set(RULE_VERSION.CREATED_AT, OffsetDateTime.now(ZoneOffset.UTC))
        .set(RULE_VERSION.ACTOR, actor)
        .set(RULE_VERSION.SUMMARY, Columns.truncate(summary, 1024))
        .execute();
    db.update(RULE_HEAD).set(RULE_HEAD.VERSION, version).where(RULE_HEAD.ID.eq(1)).execute();
  }

  /** Rule versions, newest first, older than {@code before}. */
  static List<RuleVersionRecord> versions(DSLContext db, long before, int limit) {
    return db.selectFrom(RULE_VERSION)
        .where(RULE_VERSION.VERSION.lt(before))
        .orderBy(RULE_VERSION.VERSION.desc())
        .limit(limit)
        .fetch();
  }

  /**
   * The rule versions that changed UBC ID {@code id} (its definition, a dimension or a mapping
   * table: each opens or closes one of its rows), newest first, older than {@code before}.
   */
  static List<RuleVersionRecord> versionsOf(DSLContext db, String id, long before, int limit) {
    var changes =
        DSL.select(UBC_ID_REVISION.VALID_FROM)
            .from(UBC_ID_REVISION)
            .where(UBC_ID_REVISION.UBC_ID.eq(id))
            .union(
                DSL.select(UBC_ID_REVISION.VALID_TO)
                    .from(UBC_ID_REVISION)
                    .where(UBC_ID_REVISION.UBC_ID.eq(id))
                    .and(UBC_ID_REVISION.VALID_TO.isNotNull()))
            .union(
                DSL.select(DIMENSION_REVISION.VALID_FROM)
                    .from(DIMENSION_REVISION)
                    .where(DIMENSION_REVISION.UBC_ID.eq(id)))
            .union(
                DSL.select(DIMENSION_REVISION.VALID_TO)
                    .from(DIMENSION_REVISION)
                    .where(DIMENSION_REVISION.UBC_ID.eq(id))
                    .and(DIMENSION_REVISION.VALID_TO.isNotNull()));
    return db.selectFrom(RULE_VERSION)
        .where(RULE_VERSION.VERSION.in(changes))
        .and(RULE_VERSION.VERSION.lt(before))
        .orderBy(RULE_VERSION.VERSION.desc())
        .limit(limit)
        .fetch();
  }

  /**
   * The UBC IDs with their dimensions as of {@code version} (null: the current ones), ordered by
   * ID; only {@code onlyId} when it is not null.
   */
  static List<StoredUbcId> read(DSLContext db, Long version, String onlyId) {
    Condition ubcCondition =
        validAt(UBC_ID_REVISION.VALID_FROM, UBC_ID_REVISION.VALID_TO, version)
            .and(onlyId == null ? DSL.noCondition() : UBC_ID_REVISION.UBC_ID.eq(onlyId));
    Condition dimensionCondition =
        validAt(DIMENSION_REVISION.VALID_FROM, DIMENSION_REVISION.VALID_TO, version)
            .and(onlyId == null ? DSL.noCondition() : DIMENSION_REVISION.UBC_ID.eq(onlyId));
    List<UbcIdRevisionRecord> ubcRows =
        db.selectFrom(UBC_ID_REVISION).where(ubcCondition).orderBy(UBC_ID_REVISION.UBC_ID).fetch();
    if (ubcRows.isEmpty()) {
      return List.of();
    }
    List<DimensionRevisionRecord> dimensionRows =
        db.selectFrom(DIMENSION_REVISION)
            .where(dimensionCondition)
            .orderBy(DIMENSION_REVISION.UBC_ID, DIMENSION_REVISION.SLOT)
            .fetch();
    Map<String, List<Dimension.GroupMapping>> groups = new HashMap<>();
    for (Record row :
        db.select(
                MAPPING_ENTRY.UBC_ID,
                MAPPING_ENTRY.SLOT,
                MAPPING_ENTRY.SOURCE_VALUE,
                MAPPING_ENTRY.TARGET_GROUP)
            .from(MAPPING_ENTRY)
            .join(DIMENSION_REVISION)
            .on(MAPPING_ENTRY.UBC_ID.eq(DIMENSION_REVISION.UBC_ID))
            .and(MAPPING_ENTRY.SLOT.eq(DIMENSION_REVISION.SLOT))
            .and(MAPPING_ENTRY.VALID_FROM.eq(DIMENSION_REVISION.VALID_FROM))
            .where(dimensionCondition)
            .orderBy(MAPPING_ENTRY.UBC_ID, MAPPING_ENTRY.SLOT, MAPPING_ENTRY.POSITION)
            .fetch()) {
      groups
          .computeIfAbsent(
              row.get(MAPPING_ENTRY.UBC_ID) + "/" + row.get(MAPPING_ENTRY.SLOT),
              ignored -> new ArrayList<>())
          .add(
              new Dimension.GroupMapping(
                  row.get(MAPPING_ENTRY.SOURCE_VALUE), row.get(MAPPING_ENTRY.TARGET_GROUP)));
    }
    Map<String, List<StoredUbcId.StoredDimension>> dimensions = new LinkedHashMap<>();
    for (DimensionRevisionRecord row : dimensionRows) {
      Dimension dimension =
          new Dimension(
              row.getSlot(),
              row.getSourceField(),
              MappingKind.parse(row.getMappingKind()),
              split(row.getNormalise(), Normalisation::parse),
              row.getLabel(),
              row.getDefaultGroup(),
              groups.getOrDefault(row.getUbcId() + "/" + row.getSlot(), List.of()));
      dimensions
          .computeIfAbsent(row.getUbcId(), ignored -> new ArrayList<>())
          .add(new StoredUbcId.StoredDimension(dimension, row.getValidFrom()));
    }
    List<StoredUbcId> result = new ArrayList<>();
    for (UbcIdRevisionRecord row : ubcRows) {
      UbcId ubcId =
          new UbcId(
              row.getUbcId(),
              row.getName(),
              row.getDescription(),
              LogType.parse(row.getLogType()),
              row.getOwner(),
              row.getEnabled(),
              split(row.getParams(), Function.identity()),
              split(row.getMetrics(), Metric::parse));
      result.add(
          new StoredUbcId(
              ubcId, row.getValidFrom(), dimensions.getOrDefault(ubcId.id(), List.of())));
    }
    return result;
  }

  static void insertUbcId(DSLContext db, UbcId ubcId, long version) {
    db.insertInto(UBC_ID_REVISION)
        .set(UBC_ID_REVISION.UBC_ID, ubcId.id())
        .set(UBC_ID_REVISION.VALID_FROM, version)
        .set(UBC_ID_REVISION.NAME, ubcId.name())
        .set(UBC_ID_REVISION.DESCRIPTION, ubcId.description())
        .set(UBC_ID_REVISION.LOG_TYPE, ubcId.logType().wire())
        .set(UBC_ID_REVISION.OWNER, ubcId.owner())
        .set(UBC_ID_REVISION.ENABLED, ubcId.enabled())
        .set(UBC_ID_REVISION.PARAMS, String.join(",", ubcId.params()))
        .set(UBC_ID_REVISION.METRICS, join(ubcId.metrics(), Metric::wire))
        .execute();
  }

  static void closeUbcId(DSLContext db, String id, long version) {
    db.update(UBC_ID_REVISION)
        .set(UBC_ID_REVISION.VALID_TO, version)
        .where(UBC_ID_REVISION.UBC_ID.eq(id))
        .and(UBC_ID_REVISION.VALID_TO.isNull())
        .execute();
  }

  /** Inserts a dimension revision and its mapping table. */
  static void insertDimension(DSLContext db, String ubcId, Dimension dimension, long version) {
    db.insertInto(DIMENSION_REVISION)
        .set(DIMENSION_REVISION.UBC_ID, ubcId)
        .set(DIMENSION_REVISION.SLOT, dimension.slot())
        .set(DIMENSION_REVISION.VALID_FROM, version)
        .set(DIMENSION_REVISION.SOURCE_FIELD, dimension.source())
        .set(DIMENSION_REVISION.MAPPING_KIND, dimension.mapping().wire())
        .set(DIMENSION_REVISION.NORMALISE, join(dimension.normalise(), Normalisation::wire))
        .set(DIMENSION_REVISION.LABEL, dimension.label())
        .set(DIMENSION_REVISION.DEFAULT_GROUP, dimension.defaultGroup())
        .execute();
    if (dimension.groups().isEmpty()) {
      return;
    }
    InsertValuesStep6<?, String, Integer, Long, Integer, String, String> insert =
        db.insertInto(
            MAPPING_ENTRY,
            MAPPING_ENTRY.UBC_ID,
            MAPPING_ENTRY.SLOT,
            MAPPING_ENTRY.VALID_FROM,
            MAPPING_ENTRY.POSITION,
            MAPPING_ENTRY.SOURCE_VALUE,
            MAPPING_ENTRY.TARGET_GROUP);
    List<Dimension.GroupMapping> groups = dimension.groups();
    for (int i = 0; i < groups.size(); i++) {
      insert =
          insert.values(
              ubcId, dimension.slot(), version, i, groups.get(i).value(), groups.get(i).group());
    }
    insert.execute();
  }

  /** Closes the current revision of one slot ({@code slot} > 0) or of all slots (0). */
  static void closeDimensions(DSLContext db, String ubcId, int slot, long version) {
    db.update(DIMENSION_REVISION)
        .set(DIMENSION_REVISION.VALID_TO, version)
        .where(DIMENSION_REVISION.UBC_ID.eq(ubcId))
        .and(slot > 0 ? DIMENSION_REVISION.SLOT.eq(slot) : DSL.noCondition())
        .and(DIMENSION_REVISION.VALID_TO.isNull())
        .execute();
  }

  private static Condition validAt(Field<Long> validFrom, Field<Long> validTo, Long version) {
    if (version == null) {
      return validTo.isNull();
    }
    return validFrom.le(version).and(validTo.isNull().or(validTo.gt(version)));
  }

  private static <T> List<T> split(String joined, Function<String, T> parser) {
    if (joined == null || joined.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(joined.split(",")).map(parser).toList();
  }

  private static <T> String join(List<T> items, Function<T, String> wire) {
    return String.join(",", items.stream().map(wire).toList());
  }
}
