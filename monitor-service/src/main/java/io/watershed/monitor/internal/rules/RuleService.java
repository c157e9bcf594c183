package io.watershed.monitor.internal.rules;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.Violation;
import io.watershed.monitor.internal.auth.AuditLog;
import io.watershed.monitor.internal.auth.Principal;
import io.watershed.monitor.internal.db.tables.records.RuleVersionRecord;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * UBC IDs, dimensions and mapping tables: reads at a consistent rule version, and writes that each
 * make one new rule version (none when nothing changes), with an audit entry.
 */
public final class RuleService {
  private final MonitorDatabase database;
  private final ObjectMapper mapper;
  private final Metrics metrics;

  public RuleService(MonitorDatabase database, ObjectMapper mapper, Metrics metrics) {
    this.database = requireNonNull(database, "database is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
  }

  /**
   * The result of a write.
   *
   * @param ruleVersion the rule version after it
   * @param changed whether it made a new version
   * @param created whether it created the item
   * @param view the item after the write, or null when it was deleted
   */
  public record Written(
      long ruleVersion, boolean changed, boolean created, Map<String, Object> view) {}

  /** What one change did: whether anything changed, the summary, the item after it. */
  private record Change(
      boolean changed, boolean created, String summary, Map<String, Object> view) {
    static Change none(Map<String, Object> view) {
      return new Change(false, false, "", view);
    }
  }

  @FunctionalInterface
  private interface RuleChange {
    Change apply(DSLContext db, long version);
  }

  /** The newest rule version. */
  public long head() {
    long head = RuleStore.head(database.dsl());
    metrics.rulesVersion(head);
    return head;
  }

  /** The full rule set of {@code version}. */
  public Map<String, Object> ruleSet(long version) {
    return Views.ruleSet(version, RuleStore.read(database.dsl(), version, null));
  }

  /** Rule versions, newest first, older than {@code before}. */
  public List<RuleVersionRecord> versions(long before, int limit) {
    return RuleStore.versions(database.dsl(), before, limit);
  }

  public List<StoredUbcId> list() {
    return RuleStore.read(database.dsl(), head(), null);
  }

  public StoredUbcId get(String id) {
    return find(database.dsl(), head(), id)
        .orElseThrow(() -> ApiException.notFound("Cannot find UBC ID %s: no such UBC ID", id));
  }

  /** UBC ID {@code id} as it was at rule version {@code version} (at most the head). */
  public StoredUbcId get(String id, long version) {
    long head = head();
    if (version > head) {
      throw ApiException.notFound(
          "Cannot read UBC ID %s at rule version %d: the newest version is %d", id, version, head);
    }
    return find(database.dsl(), version, id)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "Cannot find UBC ID %s at rule version %d: it did not exist then",
                    id, version));
  }

  /**
   * The rule versions that changed UBC ID {@code id}, newest first, older than {@code before}; 404
   * when no version ever held it.
   */
  public List<RuleVersionRecord> versionsOf(String id, long before, int limit) {
    List<RuleVersionRecord> versions = RuleStore.versionsOf(database.dsl(), id, before, limit);
    if (versions.isEmpty()
        && RuleStore.versionsOf(database.dsl(), id, Long.MAX_VALUE, 1).isEmpty()) {
      throw ApiException.notFound("Cannot list the versions of UBC ID %s: no such UBC ID", id);
    }
    return versions;
  }

  public StoredUbcId.StoredDimension dimension(String id, int slot) {
    return findSlot(get(id), slot)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "Cannot find dimension d%d of UBC ID %s: slot is empty", slot, id));
  }

  public Written createUbcId(Principal who, ObjectNode body) {
    List<Violation> violations = new ArrayList<>();
    UbcId ubcId = RuleInput.ubcId(body, null, violations);
    ApiException.check("create UBC ID " + idOf(body), violations);
    return write(
        who,
        "ubc-id.create",
        ubcId.id(),
        (db, version) -> {
          if (find(db, null, ubcId.id()).isPresent()) {
            throw ApiException.conflict(
                "Cannot create UBC ID %s: it exists already (PUT /v1/ubc-ids/%s replaces it)",
                ubcId.id(), ubcId.id());
          }
          RuleStore.insertUbcId(db, ubcId, version);
          return new Change(true, true, "create UBC ID " + ubcId.id(), view(db, ubcId.id()));
        });
  }

  /** Creates or replaces a UBC ID; its dimensions stay. */
  public Written putUbcId(Principal who, String id, ObjectNode body) {
    List<Violation> violations = new ArrayList<>();
    UbcId ubcId = RuleInput.ubcId(body, id, violations);
    ApiException.check("save UBC ID " + id, violations);
    return write(
        who,
        "ubc-id.put",
        id,
        (db, version) -> {
          Optional<StoredUbcId> current = find(db, null, id);
          if (current.isPresent()) {
            if (current.get().ubcId().equals(ubcId)) {
              return Change.none(Views.ubcId(current.get()));
            }
            List<Violation> inUse = new ArrayList<>();
            RuleValidator.paramsInUse(ubcId, current.get().dimensions(), inUse);
            ApiException.check("save UBC ID " + id, inUse);
            RuleStore.closeUbcId(db, id, version);
          }
          RuleStore.insertUbcId(db, ubcId, version);
          String verb = current.isPresent() ? "update" : "create";
          return new Change(true, current.isEmpty(), verb + " UBC ID " + id, view(db, id));
        });
  }

  /** Deletes a UBC ID with its dimensions. */
  public Written deleteUbcId(Principal who, String id) {
    return write(
        who,
        "ubc-id.delete",
        id,
        (db, version) -> {
          StoredUbcId current =
              find(db, null, id)
                  .orElseThrow(
                      () -> ApiException.notFound("Cannot delete UBC ID %s: no such UBC ID", id));
          RuleStore.closeDimensions(db, id, 0, version);
          RuleStore.closeUbcId(db, id, version);
          return new Change(
              true,
              false,
              "delete UBC ID %s (%d dimension(s))".formatted(id, current.dimensions().size()),
              null);
        });
  }

  /** Adds a dimension in the slot named by the body, or in the first free one. */
  public Written addDimension(Principal who, String id, ObjectNode body) {
    List<Violation> violations = new ArrayList<>();
    Dimension parsed = RuleInput.dimension(body, null, violations);
    ApiException.check("add a dimension to UBC ID " + id, violations);
    return write(
        who,
        "dimension.create",
        id,
        (db, version) -> {
          StoredUbcId current = require(db, id, "add a dimension to");
          Dimension dimension = parsed;
          List<Violation> problems = new ArrayList<>();
          if (dimension.slot() == 0) {
            RuleValidator.freeSlot(id, current.dimensions().size(), problems);
            dimension = withSlot(dimension, firstFreeSlot(current));
          } else if (findSlot(current, dimension.slot()).isPresent()) {
            throw ApiException.conflict(
                "Cannot add dimension d%d to UBC ID %s: the slot is taken (PUT"
                    + " /v1/ubc-ids/%s/dimensions/%d replaces it)",
                dimension.slot(), id, id, dimension.slot());
          }
          RuleValidator.sourceField(current.ubcId(), dimension, problems);
          ApiException.check("add a dimension to UBC ID " + id, problems);
          RuleStore.insertDimension(db, id, dimension, version);
          return new Change(
              true,
              true,
              "add dimension %s to UBC ID %s".formatted(dimension.column(), id),
              dimensionView(db, id, dimension.slot()));
        });
  }

  /** Creates or replaces the dimension in {@code slot}, with its mapping table. */
  public Written putDimension(Principal who, String id, int slot, ObjectNode body) {
    List<Violation> violations = new ArrayList<>();
    Dimension dimension = RuleInput.dimension(body, slot, violations);
    String action = "save dimension d%d of UBC ID %s".formatted(slot, id);
    ApiException.check(action, violations);
    return write(
        who,
        "dimension.put",
        id + "/d" + slot,
        (db, version) -> {
          StoredUbcId current = require(db, id, "save dimension d" + slot + " of");
          Optional<StoredUbcId.StoredDimension> existing = findSlot(current, slot);
          if (existing.isPresent() && existing.get().dimension().equals(dimension)) {
            return Change.none(Views.dimension(existing.get()));
          }
          List<Violation> problems = new ArrayList<>();
          RuleValidator.sourceField(current.ubcId(), dimension, problems);
          ApiException.check(action, problems);
          RuleStore.closeDimensions(db, id, slot, version);
          RuleStore.insertDimension(db, id, dimension, version);
          String verb = existing.isPresent() ? "replace" : "add";
          return new Change(
              true,
              existing.isEmpty(),
              "%s dimension d%d of UBC ID %s".formatted(verb, slot, id),
              dimensionView(db, id, slot));
        });
  }

  public Written deleteDimension(Principal who, String id, int slot) {
    return write(
        who,
        "dimension.delete",
        id + "/d" + slot,
        (db, version) -> {
          StoredUbcId current = require(db, id, "delete dimension d" + slot + " of");
          if (findSlot(current, slot).isEmpty()) {
            throw ApiException.notFound(
                "Cannot delete dimension d%d of UBC ID %s: slot is empty", slot, id);
          }
          RuleStore.closeDimensions(db, id, slot, version);
          return new Change(
              true, false, "delete dimension d%d of UBC ID %s".formatted(slot, id), null);
        });
  }

  /** Replaces the default group and value -> group table of a many-to-one dimension. */
  public Written putMappings(Principal who, String id, int slot, ObjectNode body) {
    String action = "save the mappings of dimension d%d of UBC ID %s".formatted(slot, id);
    return write(
        who,
        "mappings.put",
        id + "/d" + slot,
        (db, version) -> {
          StoredUbcId current = require(db, id, "save the mappings of dimension d" + slot + " of");
          StoredUbcId.StoredDimension existing =
              findSlot(current, slot)
                  .orElseThrow(() -> ApiException.notFound("Cannot %s: slot is empty", action));
          List<Violation> violations = new ArrayList<>();
          Dimension dimension = RuleInput.mappings(body, existing.dimension(), violations);
          ApiException.check(action, violations);
          if (existing.dimension().equals(dimension)) {
            return Change.none(Views.mappings(id, existing));
          }
          RuleStore.closeDimensions(db, id, slot, version);
          RuleStore.insertDimension(db, id, dimension, version);
          StoredUbcId.StoredDimension stored = new StoredUbcId.StoredDimension(dimension, version);
          return new Change(
              true,
              false,
              "replace mappings of dimension d%d of UBC ID %s (%d value(s))"
                  .formatted(slot, id, dimension.groups().size()),
              Views.mappings(id, stored));
        });
  }

  /**
   * Adds what is missing of {@code rules}: absent UBC IDs with their dimensions, and dimensions in
   * empty slots of present ones. What exists is kept. One rule version for all, or none.
   *
   * @return the number of UBC IDs and of dimensions added
   */
  int[] seed(Principal who, Map<UbcId, List<Dimension>> rules) {
    int[] added = new int[2];
    write(
        who,
        "rules.seed",
        "demo",
        (db, version) -> {
          added[0] = 0;
          added[1] = 0;
          for (Map.Entry<UbcId, List<Dimension>> entry : rules.entrySet()) {
            UbcId ubcId = entry.getKey();
            Optional<StoredUbcId> current = find(db, null, ubcId.id());
            UbcId owner = current.map(StoredUbcId::ubcId).orElse(ubcId);
            if (current.isEmpty()) {
              RuleStore.insertUbcId(db, ubcId, version);
              added[0]++;
            }
            for (Dimension dimension : entry.getValue()) {
              boolean taken = current.flatMap(c -> findSlot(c, dimension.slot())).isPresent();
              List<Violation> problems = new ArrayList<>();
              RuleValidator.sourceField(owner, dimension, problems);
              if (!taken && problems.isEmpty()) {
                RuleStore.insertDimension(db, ubcId.id(), dimension, version);
                added[1]++;
              }
            }
          }
          boolean changed = added[0] + added[1] > 0;
          String summary =
              "seed rules: %d UBC ID(s), %d dimension(s) added".formatted(added[0], added[1]);
          return new Change(changed, changed, summary, Map.of("summary", summary));
        });
    return added;
  }

  private Written write(Principal who, String action, String target, RuleChange change) {
    Written written =
        database.transaction(
            action + " " + target,
            configuration -> {
              DSLContext db = configuration.dsl();
              long head = RuleStore.lockHead(db);
              long next = head + 1;
              Change result = change.apply(db, next);
              if (!result.changed()) {
                return new Written(head, false, false, result.view());
              }
              RuleStore.commitVersion(db, next, who.name(), result.summary());
              AuditLog.record(db, who.name(), action, target, next, detail(result));
              return new Written(next, true, result.created(), result.view());
            });
    metrics.rulesVersion(written.ruleVersion());
    return written;
  }

  private String detail(Change change) {
    try {
      return mapper.writeValueAsString(
          change.view() == null ? Map.of("summary", change.summary()) : change.view());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write audit detail as JSON: " + e.getMessage(), e);
    }
  }

  private static Optional<StoredUbcId> find(DSLContext db, Long version, String id) {
    return RuleStore.read(db, version, id).stream().findFirst();
  }

  private static StoredUbcId require(DSLContext db, String id, String action) {
    return find(db, null, id)
        .orElseThrow(
            () -> ApiException.notFound("Cannot %s UBC ID %s: no such UBC ID", action, id));
  }

  private static Optional<StoredUbcId.StoredDimension> findSlot(StoredUbcId ubcId, int slot) {
    return ubcId.dimensions().stream().filter(d -> d.dimension().slot() == slot).findFirst();
  }

  private static int firstFreeSlot(StoredUbcId ubcId) {
    for (int slot = 1; slot <= Dimension.MAX_SLOTS; slot++) {
      if (findSlot(ubcId, slot).isEmpty()) {
        return slot;
      }
    }
    return Dimension.MAX_SLOTS + 1;
  }

  private static Dimension withSlot(Dimension d, int slot) {
    return new Dimension(
        slot, d.source(), d.mapping(), d.normalise(), d.label(), d.defaultGroup(), d.groups());
  }

  private static Map<String, Object> view(DSLContext db, String id) {
    return Views.ubcId(find(db, null, id).orElseThrow());
  }

  private static Map<String, Object> dimensionView(DSLContext db, String id, int slot) {
    return Views.dimension(findSlot(find(db, null, id).orElseThrow(), slot).orElseThrow());
  }

  private static String idOf(ObjectNode body) {
    return body.path("id").isTextual() ? body.path("id").textValue() : "(no id)";
  }
}
