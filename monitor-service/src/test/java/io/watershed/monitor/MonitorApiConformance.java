package io.watershed.monitor;

import static io.watershed.monitor.MonitorFixtures.ADMIN_TOKEN;
import static io.watershed.monitor.MonitorFixtures.AGENT_TOKEN;
import static io.watershed.monitor.MonitorFixtures.groups;
import static io.watershed.monitor.MonitorFixtures.manyToOne;
import static io.watershed.monitor.MonitorFixtures.oneToOne;
import static io.watershed.monitor.MonitorFixtures.suffix;
import static io.watershed.monitor.MonitorFixtures.ubcId;
import static io.watershed.monitor.MonitorFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.watershed.monitor.MonitorClient.Answer;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.rules.DemoRules;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor service's API over HTTP against a server started in-process, one per class, over the
 * database the subclass chooses. Every test works on UBC IDs, groups and agents of its own, so
 * tests share the server without seeing each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MonitorApiConformance {
  private TestDatabase database;
  private MonitorServer server;
  private MonitorClient admin;
  private MonitorClient editor;
  private MonitorClient viewer;
  private MonitorClient agent;
  private MonitorClient anonymous;
  private String editorName;

  /** The database of the class: created once, shared by its tests, dropped at the end. */
  protected abstract TestDatabase createDatabase(Path directory);

  @BeforeAll
  void startServer(@TempDir Path directory) {
    database = createDatabase(directory);
    server = MonitorServer.start(MonitorFixtures.config(database, Map.of()));
    anonymous = new MonitorClient(server.uri(), null);
    admin = anonymous.as(ADMIN_TOKEN);
    agent = anonymous.as(AGENT_TOKEN);
    editorName = "editor-" + suffix();
    editor = anonymous.as(issueToken(editorName, "editor"));
    viewer = anonymous.as(issueToken("viewer-" + suffix(), "viewer"));
  }

  @AfterAll
  void stopServer() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (database != null) {
        database.close();
      }
    }
  }

  // ---- UBC IDs

  @Test
  void createsReadsAndListsUbcId() {
    String id = uniqueId("create");
    Answer created = editor.post("/v1/ubc-ids", ubcId(id, "event", List.of("page")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode written = created.json();
    assertThat(written.path("changed").booleanValue()).isTrue();
    long version = written.path("ruleVersion").longValue();
    assertThat(written.at("/ubcId/version").longValue()).isEqualTo(version);
    assertThat(written.at("/ubcId/metrics").toString()).isEqualTo("[\"pv\"]");
    assertThat(written.at("/ubcId/enabled").booleanValue()).isTrue();

    JsonNode read = viewer.get("/v1/ubc-ids/" + id).json();
    assertThat(read.path("id").textValue()).isEqualTo(id);
    assertThat(read.path("logType").textValue()).isEqualTo("event");
    assertThat(read.path("owner").textValue()).isEqualTo("test-team");
    assertThat(read.path("params").toString()).isEqualTo("[\"page\"]");
    assertThat(read.path("dimensions").size()).isZero();

    JsonNode list = viewer.get("/v1/ubc-ids").json();
    assertThat(list.path("ruleVersion").longValue()).isGreaterThanOrEqualTo(version);
    assertThat(ids(list.path("ubcIds"))).contains(id);
  }

  @Test
  void flowLogsGetDurationByDefault() {
    String id = uniqueId("flow");
    JsonNode written = editor.post("/v1/ubc-ids", ubcId(id, "flow", List.of())).json();
    assertThat(written.at("/ubcId/metrics").toString()).isEqualTo("[\"pv\",\"duration_ms\"]");
  }

  @Test
  void refusesSecondCreateOfOneId() {
    String id = uniqueId("twice");
    assertThat(editor.post("/v1/ubc-ids", ubcId(id, "event", List.of())).status()).isEqualTo(201);
    Answer again = editor.post("/v1/ubc-ids", ubcId(id, "event", List.of()));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().at("/error/code").textValue()).isEqualTo("conflict");
    assertThat(again.json().at("/error/message").textValue())
        .startsWith("Cannot create UBC ID " + id + ": it exists already");
  }

  @Test
  void putCreatesReplacesAndChangesNothingWhenIdentical() {
    String id = uniqueId("put");
    Map<String, Object> body = ubcId(id, "event", List.of("page"));
    Answer created = editor.put("/v1/ubc-ids/" + id, body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    long first = created.json().path("ruleVersion").longValue();

    body.put("description", "changed");
    Answer replaced = editor.put("/v1/ubc-ids/" + id, body);
    assertThat(replaced.status()).isEqualTo(200);
    long second = replaced.json().path("ruleVersion").longValue();
    assertThat(second).isGreaterThan(first);
    assertThat(replaced.json().at("/ubcId/description").textValue()).isEqualTo("changed");

    Answer same = editor.put("/v1/ubc-ids/" + id, body);
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.json().path("changed").booleanValue()).isFalse();
    assertThat(same.json().at("/ubcId/version").longValue()).isEqualTo(second);
  }

  @Test
  void putTakesBackWhatGetReturned() {
    String id = uniqueId("roundtrip");
    editor.post("/v1/ubc-ids", ubcId(id, "event", List.of("page")));
    editor.post("/v1/ubc-ids/" + id + "/dimensions", oneToOne("ext.page"));
    String read = viewer.get("/v1/ubc-ids/" + id).body();
    Answer again = editor.put("/v1/ubc-ids/" + id, read);
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().path("changed").booleanValue()).isFalse();
  }

  @Test
  void deletesUbcIdWithItsDimensions() {
    String id = uniqueId("delete");
    editor.post("/v1/ubc-ids", ubcId(id, "event", List.of()));
    editor.post("/v1/ubc-ids/" + id + "/dimensions", oneToOne("common.os"));
    Answer deleted = editor.delete("/v1/ubc-ids/" + id);
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertThat(deleted.json().path("deleted").textValue()).isEqualTo(id);
    assertThat(viewer.get("/v1/ubc-ids/" + id).status()).isEqualTo(404);
    assertThat(viewer.get("/v1/ubc-ids/" + id + "/dimensions/1").status()).isEqualTo(404);
    assertThat(ids(agent.get("/v1/rules").json().path("ubcIds"))).doesNotContain(id);
    assertThat(editor.delete("/v1/ubc-ids/" + id).status()).isEqualTo(404);
    // the ID is free again
    assertThat(editor.post("/v1/ubc-ids", ubcId(id, "flow", List.of())).status()).isEqualTo(201);
    assertThat(viewer.get("/v1/ubc-ids/" + id).json().path("dimensions").size()).isZero();
  }

  @Test
  void ubcIdValidationNamesEveryFieldAndRule() {
    Map<String, Object> body = new HashMap<>();
    body.put("id", "not valid!");
    body.put("logType", "click");
    body.put("params", List.of("Bad-Name", "ok", "ok"));
    body.put("colour", "blue");
    Answer refused = editor.post("/v1/ubc-ids", body);
    assertThat(refused.status()).isEqualTo(422);
    JsonNode error = refused.json().path("error");
    assertThat(error.path("code").textValue()).isEqualTo("validation_failed");
    assertThat(error.path("message").textValue()).startsWith("Cannot create UBC ID not valid!: ");
    assertThat(violations(refused))
        .contains(
            "id:pattern",
            "name:required",
            "owner:required",
            "logType:one-of",
            "params[0]:pattern",
            "params[2]:duplicate",
            "colour:unknown-field");
  }

  @Test
  void refusesFlowOnlyMetricOnEventLog() {
    String id = uniqueId("metric");
    Map<String, Object> body = ubcId(id, "event", List.of());
    body.put("metrics", List.of("pv", "duration_ms"));
    Answer refused = editor.post("/v1/ubc-ids", body);
    assertThat(refused.status()).isEqualTo(422);
    assertThat(violations(refused)).containsExactly("metrics[1]:flow-only-metric");
    JsonNode violation = refused.json().at("/error/violations/0");
    assertThat(violation.path("value").textValue()).isEqualTo("duration_ms");
    assertThat(violation.path("message").textValue()).contains("flow logs only");

    // a flow log may have it, and cannot turn into an event log while it has it
    body.put("logType", "flow");
    assertThat(editor.post("/v1/ubc-ids", body).status()).isEqualTo(201);
    body.put("logType", "event");
    Answer change = editor.put("/v1/ubc-ids/" + id, body);
    assertThat(change.status()).isEqualTo(422);
    assertThat(violations(change)).containsExactly("metrics[1]:flow-only-metric");
  }

  @Test
  void refusesIdOtherThanThePath() {
    String id = uniqueId("path");
    Answer refused = editor.put("/v1/ubc-ids/" + id, ubcId(id + "x", "event", List.of()));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(violations(refused)).containsExactly("id:matches-path");
  }

  @Test
  void refusesRemovingParameterThatDimensionReads() {
    String id = uniqueId("inuse");
    editor.post("/v1/ubc-ids", ubcId(id, "event", List.of("channel", "page")));
    editor.post("/v1/ubc-ids/" + id + "/dimensions", oneToOne("ext.channel"));
    Answer refused = editor.put("/v1/ubc-ids/" + id, ubcId(id, "event", List.of("page")));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(violations(refused)).containsExactly("params:param-in-use");
    assertThat(refused.json().at("/error/violations/0/message").textValue()).contains("d1");
  }

  @Test
  void refusesMalformedBodies() {
    Answer notJson = editor.postText("/v1/ubc-ids", "{\"id\": ");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().at("/error/message").textValue())
        .startsWith("Cannot parse request body of POST /v1/ubc-ids as JSON");
    assertThat(editor.postText("/v1/ubc-ids", "[1, 2]").status()).isEqualTo(400);
    assertThat(editor.postText("/v1/ubc-ids", "").status()).isEqualTo(400);
    assertThat(editor.postText("/v1/ubc-ids", "{\"id\":\"a\",\"id\":\"b\"}").status())
        .isEqualTo(400);
  }

  // ---- dimensions and mappings

  @Test
  void dimensionLifecycle() {
    String id = uniqueId("dims");
    editor.post("/v1/ubc-ids", ubcId(id, "event", List.of("channel")));
    String base = "/v1/ubc-ids/" + id + "/dimensions";

    Answer added = editor.post(base, oneToOne("common.os"));
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    assertThat(added.json().at("/dimension/slot").intValue()).isEqualTo(1);
    assertThat(added.json().at("/dimension/column").textValue()).isEqualTo("d1");
    assertThat(added.json().at("/dimension/normalise").toString())
        .isEqualTo("[\"trim\",\"lower-case\"]");

    Map<String, Object> channel =
        manyToOne("ext.channel", "other", Map.of("push", "push", "Search ", "search"));
    channel.put("slot", 4);
    Answer inSlot = editor.post(base, channel);
    assertThat(inSlot.status()).as(inSlot.toString()).isEqualTo(201);
    assertThat(inSlot.json().at("/dimension/column").textValue()).isEqualTo("d4");
    // values are stored normalised: " Search " -> "search"
    assertThat(inSlot.json().at("/dimension/groups").toString())
        .isEqualTo(
            "[{\"value\":\"search\",\"group\":\"search\"},{\"value\":\"push\",\"group\":\"push\"}]");

    Answer next = editor.post(base, oneToOne("common.app"));
    assertThat(next.json().at("/dimension/slot").intValue()).isEqualTo(2);

    JsonNode list = viewer.get(base).json();
    assertThat(list.path("dimensions").findValuesAsText("column"))
        .containsExactly("d1", "d2", "d4");

    Answer replaced = editor.put(base + "/d2", oneToOne("common.appv"));
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(viewer.get(base + "/2").json().path("source").textValue()).isEqualTo("common.appv");

    Answer taken =
        editor.post(base, Map.of("slot", 4, "source", "common.net", "mapping", "one-to-one"));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.json().at("/error/message").textValue())
        .startsWith("Cannot add dimension d4 to UBC ID " + id + ": the slot is taken");

    assertThat(editor.delete(base + "/2").status()).isEqualTo(200);
    assertThat(viewer.get(base + "/2").status()).isEqualTo(404);
    assertThat(editor.delete(base + "/2").status()).isEqualTo(404);
    assertThat(viewer.get(base + "/x").status()).isEqualTo(400);
    assertThat(
            editor
                .post("/v1/ubc-ids/" + uniqueId("none") + "/dimensions", oneToOne("common.os"))
                .status())
        .isEqualTo(404);
  }

  @Test
  void refusesSeventhDimensionNamingTheLimitOfSix() {
    String id = uniqueId("seven");
    editor.post("/v1/ubc-ids", ubcId(id, "event", List.of()));
    String base = "/v1/ubc-ids/" + id + "/dimensions";
    List<String> sources =
        List.of("common.os", "common.osv", "common.did", "common.app", "common.appv", "common.net");
    for (String source : sources) {
      assertThat(editor.post(base, oneToOne(source)).status()).isEqualTo(201);
    }
    Answer seventh = editor.post(base, oneToOne("common.os"));
    assertThat(seventh.status()).isEqualTo(422);
    assertThat(violations(seventh)).containsExactly("slot:max-dimensions");
    assertThat(seventh.json().at("/error/violations/0/message").textValue())
        .contains("seventh", "at most six", "d1..d6");

    Answer slotSeven = editor.put(base + "/7", oneToOne("common.os"));
    assertThat(slotSeven.status()).isEqualTo(422);
    assertThat(violations(slotSeven)).containsExactly("slot:max-dimensions");
    assertThat(slotSeven.json().at("/error/violations/0/message").textValue()).contains("six");
    assertThat(viewer.get(base).json().path("dimensions").size()).isEqualTo(6);
  }

  @Test
  void refusesManyToOneWithoutDefaultGroup() {
    String id = uniqueId("default");
    editor.post("/v1/ubc-ids", ubcId(id, "event", List.of()));
    Answer refused =
        editor.post(
            "/v1/ubc-ids/" + id + "/dimensions",
            manyToOne("common.net", null, Map.of("wifi", "wifi")));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(violations(refused)).containsExactly("defaultGroup:default-group-required");
    Answer blank =
        editor.post(
            "/v1/ubc-ids/" + id + "/dimensions",
            manyToOne("common.net", " ", Map.of("wifi", "wifi")));
    assertThat(violations(blank)).containsExactly("defaultGroup:default-group-required");
  }

  @Test
  void refusesValueMappedTwice() {
    String id = uniqueId("twice");
    editor.post("/v1/ubc-ids", ubcId(id, "event", List.of()));
    Map<String, Object> body = manyToOne("common.net", "other", Map.of());
    body.put(
        "groups",
        List.of(
            Map.of("value", "wifi", "group", "wireless"),
            Map.of("value", "4g", "group", "cellular"),
            Map.of("value", "WiFi ", "group", "other")));
    Answer refused = editor.post("/v1/ubc-ids/" + id + "/dimensions", body);
    assertThat(refused.status()).isEqualTo(422);
    assertThat(violations(refused)).containsExactly("groups[2].value:value-mapped-twice");
    assertThat(refused.json().at("/error/violations/0/message").textValue())
        .contains("'wifi'", "groups[0]");
  }

  @Test
  void refusesUnknownSourceField() {
    String id = uniqueId("source");
    editor.post("/v1/ubc-ids", ubcId(id, "event", List.of("page")));
    for (String source : List.of("ext.undeclared", "common.colour", "os", "ext.")) {
      Answer refused = editor.post("/v1/ubc-ids/" + id + "/dimensions", oneToOne(source));
      assertThat(refused.status()).as(source).isEqualTo(422);
      assertThat(violations(refused)).as(source).containsExactly("source:unknown-source-field");
      assertThat(refused.json().at("/error/violations/0/value").textValue()).isEqualTo(source);
    }
    assertThat(editor.post("/v1/ubc-ids/" + id + "/dimensions", oneToOne("ext.page")).status())
        .isEqualTo(201);
  }

  @Test
  void refusesGroupsOnOneToOneAndUnknownKinds() {
    String id = uniqueId("kinds");
    editor.post("/v1/ubc-ids", ubcId(id, "event", List.of()));
    Map<String, Object> body = oneToOne("common.os");
    body.put("groups", groups(Map.of("ios", "apple")));
    Answer refused = editor.post("/v1/ubc-ids/" + id + "/dimensions", body);
    assertThat(violations(refused)).containsExactly("groups:one-to-one-has-no-groups");
    Answer kind =
        editor.post(
            "/v1/ubc-ids/" + id + "/dimensions",
            Map.of(
                "source", "common.os", "mapping", "many-to-many", "normalise", List.of("shout")));
    assertThat(violations(kind)).containsExactly("mapping:one-of", "normalise[0]:one-of");
  }

  @Test
  void mappingTableCanBeReadAndReplaced() {
    String id = uniqueId("mappings");
    editor.post("/v1/ubc-ids", ubcId(id, "event", List.of()));
    String base = "/v1/ubc-ids/" + id + "/dimensions";
    editor.put(base + "/3", manyToOne("common.net", "other", Map.of("wifi", "wifi")));
    editor.put(base + "/1", oneToOne("common.os"));

    JsonNode mappings = viewer.get(base + "/3/mappings").json();
    assertThat(mappings.path("defaultGroup").textValue()).isEqualTo("other");
    assertThat(mappings.path("groups").size()).isEqualTo(1);

    Answer replaced =
        editor.put(
            base + "/d3/mappings",
            Map.of(
                "defaultGroup",
                "unknown",
                "groups",
                groups(Map.of("4G", "cellular", "5g", "cellular"))));
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
    assertThat(replaced.json().path("changed").booleanValue()).isTrue();
    JsonNode dimension = viewer.get(base + "/3").json();
    assertThat(dimension.path("defaultGroup").textValue()).isEqualTo("unknown");
    assertThat(dimension.path("groups").findValuesAsText("value")).containsExactly("4g", "5g");
    assertThat(dimension.path("source").textValue()).isEqualTo("common.net");

    Answer twice =
        editor.put(
            base + "/3/mappings",
            Map.of(
                "defaultGroup",
                "x",
                "groups",
                List.of(Map.of("value", "a", "group", "1"), Map.of("value", "A", "group", "2"))));
    assertThat(violations(twice)).containsExactly("groups[1].value:value-mapped-twice");
    Answer noDefault = editor.put(base + "/3/mappings", Map.of("groups", List.of()));
    assertThat(violations(noDefault)).containsExactly("defaultGroup:default-group-required");

    assertThat(viewer.get(base + "/1/mappings").status()).isEqualTo(404);
    Answer oneToOne = editor.put(base + "/1/mappings", Map.of("defaultGroup", "x"));
    assertThat(oneToOne.status()).isEqualTo(422);
    assertThat(violations(oneToOne)).containsExactly("mapping:mapping-kind");
  }

  // ---- rules, versions, audit

  @Test
  void readsAUbcIdAtAVersionAndListsTheVersionsThatChangedIt() {
    String id = uniqueId("history");
    long created =
        editor
            .post("/v1/ubc-ids", ubcId(id, "event", List.of("channel")))
            .json()
            .path("ruleVersion")
            .longValue();
    // another UBC ID's change in between: not in this one's history
    editor.post("/v1/ubc-ids", ubcId(uniqueId("other"), "event", List.of()));
    long mapped =
        editor
            .put(
                "/v1/ubc-ids/" + id + "/dimensions/2",
                manyToOne("ext.channel", "other", Map.of("push", "push")))
            .json()
            .path("ruleVersion")
            .longValue();
    long remapped =
        editor
            .put(
                "/v1/ubc-ids/" + id + "/dimensions/2/mappings",
                Map.of("defaultGroup", "rest", "groups", groups(Map.of("push", "notify"))))
            .json()
            .path("ruleVersion")
            .longValue();

    Answer versions = viewer.get("/v1/ubc-ids/" + id + "/versions");
    assertThat(versions.status()).as(versions.toString()).isEqualTo(200);
    assertThat(
            versions.json().path("versions").findValues("version").stream()
                .map(JsonNode::longValue))
        .containsExactly(remapped, mapped, created);
    assertThat(versions.json().at("/versions/0/actor").textValue()).isEqualTo(editorName);
    assertThat(versions.json().at("/versions/0/summary").textValue()).contains("d2", id);
    assertThat(
            viewer
                .get("/v1/ubc-ids/" + id + "/versions?before=" + remapped + "&limit=1")
                .json()
                .path("versions")
                .findValues("version")
                .stream()
                .map(JsonNode::longValue))
        .containsExactly(mapped);

    Answer atCreation = viewer.get("/v1/ubc-ids/" + id + "?version=" + created);
    assertThat(atCreation.status()).as(atCreation.toString()).isEqualTo(200);
    assertThat(atCreation.json().path("dimensions").size()).isZero();
    assertThat(atCreation.header("ETag")).isEqualTo("\"" + created + "\"");
    JsonNode atMapping = viewer.get("/v1/ubc-ids/" + id + "?version=" + mapped).json();
    assertThat(atMapping.at("/dimensions/0/defaultGroup").textValue()).isEqualTo("other");
    assertThat(atMapping.at("/dimensions/0/groups/0/group").textValue()).isEqualTo("push");
    JsonNode now = viewer.get("/v1/ubc-ids/" + id).json();
    assertThat(now.at("/dimensions/0/groups/0/group").textValue()).isEqualTo("notify");

    assertThat(viewer.get("/v1/ubc-ids/" + id + "?version=" + (created - 1)).status())
        .isEqualTo(404);
    Answer future = viewer.get("/v1/ubc-ids/" + id + "?version=" + (remapped + 1_000_000));
    assertThat(future.status()).isEqualTo(404);
    assertThat(future.json().at("/error/message").textValue()).contains("the newest version is");
    assertThat(viewer.get("/v1/ubc-ids/" + id + "?version=x").status()).isEqualTo(400);
    assertThat(viewer.get("/v1/ubc-ids/never_" + suffix() + "/versions").status()).isEqualTo(404);
    assertThat(agent.get("/v1/ubc-ids/" + id + "/versions").status()).isEqualTo(403);

    editor.delete("/v1/ubc-ids/" + id);
    JsonNode afterDelete = viewer.get("/v1/ubc-ids/" + id + "/versions").json();
    assertThat(afterDelete.at("/versions/0/summary").textValue()).contains("delete");
    assertThat(viewer.get("/v1/ubc-ids/" + id + "?version=" + remapped).status()).isEqualTo(200);
  }

  @Test
  void ruleChangeIsVisibleToRulesAtOnce() {
    String id = uniqueId("visible");
    editor.post("/v1/ubc-ids", ubcId(id, "flow", List.of("channel")));
    Answer before = agent.get("/v1/rules");
    assertThat(before.status()).isEqualTo(200);
    long version = before.json().path("version").longValue();
    assertThat(before.header("ETag")).isEqualTo("\"" + version + "\"");

    Answer put =
        editor.put(
            "/v1/ubc-ids/" + id + "/dimensions/2",
            manyToOne("ext.channel", "other", Map.of("push", "push")));
    long written = put.json().path("ruleVersion").longValue();
    assertThat(written).isGreaterThan(version);

    Answer after = agent.get("/v1/rules?since=" + version);
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.json().path("version").longValue()).isGreaterThanOrEqualTo(written);
    JsonNode rules = find(after.json().path("ubcIds"), id);
    assertThat(rules.path("logType").textValue()).isEqualTo("flow");
    assertThat(rules.at("/dimensions/0/column").textValue()).isEqualTo("d2");
    assertThat(rules.at("/dimensions/0/defaultGroup").textValue()).isEqualTo("other");
    assertThat(rules.at("/dimensions/0/groups/0/value").textValue()).isEqualTo("push");
  }

  @Test
  void rulesAnswerNotModifiedWhenNothingChanged() {
    editor.post("/v1/ubc-ids", ubcId(uniqueId("etag"), "event", List.of()));
    long head = agent.get("/v1/rules").json().path("version").longValue();
    Answer unchanged = agent.get("/v1/rules?since=" + head);
    assertThat(unchanged.status()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();
    assertThat(unchanged.header("ETag")).isEqualTo("\"" + head + "\"");
    Answer etag = agent.get("/v1/rules", Map.of("If-None-Match", "\"" + head + "\""));
    assertThat(etag.status()).isEqualTo(304);
    assertThat(agent.get("/v1/rules?since=0").status()).isEqualTo(200);
    assertThat(agent.get("/v1/rules?since=x").status()).isEqualTo(400);
    assertThat(agent.get("/v1/rules?since=1&version=1").status()).isEqualTo(400);
  }

  @Test
  void everyRuleVersionCanBeReadBack() {
    String id = uniqueId("history");
    long created =
        editor
            .post("/v1/ubc-ids", ubcId(id, "event", List.of()))
            .json()
            .path("ruleVersion")
            .longValue();
    String dimension = "/v1/ubc-ids/" + id + "/dimensions/3";
    long added =
        editor
            .put(dimension, manyToOne("common.net", "other", Map.of("wifi", "wifi")))
            .json()
            .path("ruleVersion")
            .longValue();
    long remapped =
        editor
            .put(
                dimension + "/mappings",
                Map.of("defaultGroup", "rest", "groups", groups(Map.of("4g", "cell"))))
            .json()
            .path("ruleVersion")
            .longValue();
    long deleted = editor.delete(dimension).json().path("ruleVersion").longValue();
    assertThat(List.of(created, added, remapped, deleted)).isSorted().doesNotHaveDuplicates();

    assertThat(ids(agent.get("/v1/rules?version=" + (created - 1)).json().path("ubcIds")))
        .doesNotContain(id);
    assertThat(find(rulesAt(created), id).path("dimensions").size()).isZero();
    assertThat(find(rulesAt(added), id).at("/dimensions/0/groups/0/group").textValue())
        .isEqualTo("wifi");
    assertThat(find(rulesAt(remapped), id).at("/dimensions/0/defaultGroup").textValue())
        .isEqualTo("rest");
    assertThat(find(rulesAt(remapped), id).at("/dimensions/0/groups/0/value").textValue())
        .isEqualTo("4g");
    assertThat(find(rulesAt(deleted), id).path("dimensions").size()).isZero();

    long head = agent.get("/v1/rules").json().path("version").longValue();
    Answer future = agent.get("/v1/rules?version=" + (head + 1000));
    assertThat(future.status()).isEqualTo(404);
    assertThat(future.json().at("/error/message").textValue())
        .startsWith("Cannot read rule version");
  }

  @Test
  void everyChangeIsVersionedAndAudited() {
    String id = uniqueId("audit");
    long version =
        editor
            .post("/v1/ubc-ids", ubcId(id, "event", List.of()))
            .json()
            .path("ruleVersion")
            .longValue();
    editor.put("/v1/ubc-ids/" + id + "/dimensions/1", oneToOne("common.os"));

    JsonNode versions =
        viewer.get("/v1/rules/versions?before=" + (version + 1) + "&limit=1").json();
    assertThat(versions.at("/versions/0/version").longValue()).isEqualTo(version);
    assertThat(versions.at("/versions/0/actor").textValue()).isEqualTo(editorName);
    assertThat(versions.at("/versions/0/summary").textValue()).isEqualTo("create UBC ID " + id);
    assertThat(versions.at("/versions/0/createdAt").textValue()).endsWith("Z");

    JsonNode created = viewer.get("/v1/audit?target=" + id).json().path("entries");
    assertThat(created.size()).isEqualTo(1);
    assertThat(created.at("/0/actor").textValue()).isEqualTo(editorName);
    assertThat(created.at("/0/action").textValue()).isEqualTo("ubc-id.create");
    assertThat(created.at("/0/ruleVersion").longValue()).isEqualTo(version);
    assertThat(created.at("/0/detail/id").textValue()).isEqualTo(id);
    JsonNode dimension = viewer.get("/v1/audit?target=" + id + "/d1").json().path("entries");
    assertThat(dimension.at("/0/action").textValue()).isEqualTo("dimension.put");
    assertThat(dimension.at("/0/detail/source").textValue()).isEqualTo("common.os");
    JsonNode withParts = viewer.get("/v1/audit?under=" + id).json().path("entries");
    assertThat(withParts.findValuesAsText("target")).containsExactly(id + "/d1", id);
    // '_' in an ID matches itself only, not any character as in LIKE
    String lookalike = id.replace('_', 'x');
    editor.post("/v1/ubc-ids", ubcId(lookalike, "event", List.of()));
    editor.put("/v1/ubc-ids/" + lookalike + "/dimensions/1", oneToOne("common.os"));
    assertThat(viewer.get("/v1/audit?under=" + id).json().path("entries").size()).isEqualTo(2);
    assertThat(viewer.get("/v1/audit?under=" + id + "/d1").json().path("entries").size())
        .isEqualTo(1);
  }

  @Test
  void concurrentRuleWritesGetDistinctVersions() throws Exception {
    String id = uniqueId("race");
    editor.post("/v1/ubc-ids", ubcId(id, "event", List.of()));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Answer>> answers = new ArrayList<>();
      for (int slot = 1; slot <= 6; slot++) {
        int s = slot;
        answers.add(
            pool.submit(
                () -> editor.put("/v1/ubc-ids/" + id + "/dimensions/" + s, oneToOne("common.os"))));
      }
      List<Long> versions = new ArrayList<>();
      for (Future<Answer> answer : answers) {
        Answer done = answer.get(60, TimeUnit.SECONDS);
        assertThat(done.status()).as(done.toString()).isEqualTo(201);
        versions.add(done.json().path("ruleVersion").longValue());
      }
      assertThat(versions).doesNotHaveDuplicates();
      assertThat(viewer.get("/v1/ubc-ids/" + id).json().path("dimensions").size()).isEqualTo(6);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- heartbeats and collector configs

  @Test
  void heartbeatRecordsAgentAndHandsOutConfigWhenItChanged() {
    String group = "group-" + suffix();
    String agentId = "agent-" + suffix();
    String path = "/v1/agents/" + agentId + "/heartbeat";
    Answer first = agent.post(path, heartbeat(group, 0, Map.of("files", 3)));
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.json().path("configVersion").longValue()).isZero();
    assertThat(first.json().has("config")).isFalse();
    assertThat(first.json().path("rulesVersion").isIntegralNumber()).isTrue();

    String yaml = "sources:\n  - glob: /var/log/app/*.log\n    topic: ws.raw.app\n";
    Answer stored = editor.putText("/v1/collector-configs/" + group, "application/yaml", yaml);
    assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
    assertThat(stored.json().path("version").longValue()).isEqualTo(1);

    Answer changed = agent.post(path, heartbeat(group, 0, Map.of("files", 4)));
    assertThat(changed.json().path("configVersion").longValue()).isEqualTo(1);
    assertThat(changed.json().path("configFormat").textValue()).isEqualTo("yaml");
    assertThat(changed.json().path("config").textValue()).isEqualTo(yaml);

    Answer current = agent.post(path, heartbeat(group, 1, Map.of("files", 5)));
    assertThat(current.json().path("configVersion").longValue()).isEqualTo(1);
    assertThat(current.json().has("config")).isFalse();

    JsonNode recorded = viewer.get("/v1/agents/" + agentId).json();
    assertThat(recorded.path("group").textValue()).isEqualTo(group);
    assertThat(recorded.path("host").textValue()).isEqualTo("host-1");
    assertThat(recorded.path("heartbeatCount").longValue()).isEqualTo(3);
    assertThat(recorded.path("configVersion").longValue()).isEqualTo(1);
    assertThat(recorded.path("configUpToDate").booleanValue()).isTrue();
    assertThat(recorded.at("/status/files").intValue()).isEqualTo(5);
    assertThat(recorded.path("firstHeartbeat").textValue())
        .isLessThanOrEqualTo(recorded.path("lastHeartbeat").textValue());
    assertThat(viewer.get("/v1/agents?group=" + group).json().path("agents").size()).isEqualTo(1);
    assertThat(viewer.get("/v1/agents/" + "never-" + suffix()).status()).isEqualTo(404);
  }

  @Test
  void concurrentHeartbeatsLoseNoUpdate() throws Exception {
    int threads = 50;
    int beats = 20;
    int agents = 25;
    String group = "fleet-" + suffix();
    String json = "{\"collector\":{\"sources\":[]}}";
    assertThat(editor.putText("/v1/collector-configs/" + group, "application/json", json).status())
        .isEqualTo(201);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  String agentId = group + "-agent-" + (thread % agents);
                  for (int beat = 0; beat < beats; beat++) {
                    Answer answer =
                        agent.post(
                            "/v1/agents/" + agentId + "/heartbeat",
                            heartbeat(
                                group, beat == 0 ? 0 : 1, Map.of("thread", thread, "beat", beat)));
                    if (answer.status() != 200
                        || answer.json().path("configVersion").longValue() != 1
                        || (beat == 0) != answer.json().has("config")) {
                      failures.add(answer.toString());
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(failures).isEmpty();
    JsonNode fleet = viewer.get("/v1/agents?group=" + group).json().path("agents");
    assertThat(fleet.size()).isEqualTo(agents);
    long total = 0;
    for (JsonNode recorded : fleet) {
      assertThat(recorded.path("heartbeatCount").longValue())
          .as(recorded.path("id").textValue())
          .isEqualTo((long) beats * threads / agents);
      assertThat(recorded.path("configUpToDate").booleanValue()).isTrue();
      total += recorded.path("heartbeatCount").longValue();
    }
    assertThat(total).isEqualTo((long) threads * beats);
    assertThat(anonymous.get("/metrics").body())
        .containsPattern("(?m)^watershed_monitor_heartbeats_total [0-9]{4,}\\.0$");
  }

  @Test
  void heartbeatValidation() {
    Answer missing =
        agent.post("/v1/agents/a-" + suffix() + "/heartbeat", Map.of("status", List.of()));
    assertThat(missing.status()).isEqualTo(422);
    assertThat(violations(missing))
        .containsExactly("group:required", "host:required", "status:type");
    Answer negative =
        agent.post("/v1/agents/a-" + suffix() + "/heartbeat", heartbeat("g", -1, Map.of()));
    assertThat(violations(negative)).containsExactly("configVersion:min");
    Answer badId = agent.post("/v1/agents/%20bad/heartbeat", heartbeat("g", 0, Map.of()));
    assertThat(badId.status()).isEqualTo(400);
  }

  @Test
  void collectorConfigsAreVersionedPerGroup() {
    String group = "configs-" + suffix();
    String path = "/v1/collector-configs/" + group;
    assertThat(viewer.get(path).status()).isEqualTo(404);
    Answer first = editor.putText(path, "application/json", "{\"sampling\": 1.0}");
    assertThat(first.status()).isEqualTo(201);
    Answer same = editor.putText(path, "application/json", "{\"sampling\": 1.0}");
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.json().path("changed").booleanValue()).isFalse();
    assertThat(same.json().path("version").longValue()).isEqualTo(1);
    Answer second = editor.putText(path, "application/x-yaml; charset=utf-8", "sampling: 0.5\n");
    assertThat(second.json().path("version").longValue()).isEqualTo(2);
    assertThat(second.json().path("createdBy").textValue()).isEqualTo(editorName);

    JsonNode latest = viewer.get(path).json();
    assertThat(latest.path("version").longValue()).isEqualTo(2);
    assertThat(latest.path("format").textValue()).isEqualTo("yaml");
    assertThat(latest.path("document").textValue()).isEqualTo("sampling: 0.5\n");
    assertThat(viewer.get(path + "?version=1").json().path("document").textValue())
        .isEqualTo("{\"sampling\": 1.0}");
    assertThat(viewer.get(path + "?version=9").status()).isEqualTo(404);
    JsonNode listed =
        find(viewer.get("/v1/collector-configs").json().path("configs"), group, "group");
    assertThat(listed.path("version").longValue()).isEqualTo(2);

    Answer brokenYaml = editor.putText(path, "application/yaml", "a: [1, 2\n");
    assertThat(brokenYaml.status()).isEqualTo(422);
    assertThat(violations(brokenYaml)).containsExactly("document:well-formed");
    assertThat(editor.putText(path, "application/json", "{").status()).isEqualTo(422);
    assertThat(editor.putText(path, "application/json", "  ").status()).isEqualTo(422);
    Answer xml = editor.putText(path, "application/xml", "<a/>");
    assertThat(xml.status()).isEqualTo(415);
    assertThat(xml.json().at("/error/message").textValue()).contains("application/xml");
    assertThat(viewer.get("/v1/audit?target=" + group).json().path("entries").size()).isEqualTo(2);
  }

  // ---- authentication and roles

  @Test
  void missingOrUnknownTokenIsUnauthorized() {
    Answer missing = anonymous.get("/v1/ubc-ids");
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(missing.json().at("/error/code").textValue()).isEqualTo("not_authenticated");
    assertThat(missing.json().at("/error/message").textValue())
        .startsWith("Cannot authenticate GET /v1/ubc-ids: no bearer token");
    Answer unknown = anonymous.as("not-a-token-" + suffix()).get("/v1/rules");
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.json().at("/error/message").textValue()).contains("unknown token");
    assertThat(anonymous.post("/v1/agents/a1/heartbeat", heartbeat("g", 0, Map.of())).status())
        .isEqualTo(401);
  }

  @Test
  void whoamiNamesTheCallerItsRoleAndPermissions() {
    JsonNode adminSelf = admin.get("/v1/whoami").json();
    assertThat(adminSelf.path("name").textValue()).isEqualTo("bootstrap-admin");
    assertThat(adminSelf.path("role").textValue()).isEqualTo("admin");
    assertThat(texts(adminSelf.path("permissions")))
        .containsExactly("read", "write", "query", "admin", "rules", "authenticated");
    JsonNode editorSelf = editor.get("/v1/whoami").json();
    assertThat(editorSelf.path("name").textValue()).isEqualTo(editorName);
    assertThat(texts(editorSelf.path("permissions")))
        .containsExactly("read", "write", "query", "rules", "authenticated");
    JsonNode viewerSelf = viewer.get("/v1/whoami").json();
    assertThat(viewerSelf.path("role").textValue()).isEqualTo("viewer");
    assertThat(texts(viewerSelf.path("permissions")))
        .containsExactly("read", "rules", "authenticated");
    JsonNode agentSelf = agent.get("/v1/whoami").json();
    assertThat(agentSelf.path("role").textValue()).isEqualTo("agent");
    assertThat(texts(agentSelf.path("permissions")))
        .containsExactly("rules", "heartbeat", "authenticated");
    Answer nobody = anonymous.get("/v1/whoami");
    assertThat(nobody.status()).isEqualTo(401);
    assertThat(nobody.header("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void wrongRoleIsForbidden() {
    String id = uniqueId("roles");
    Answer viewerWrite = viewer.post("/v1/ubc-ids", ubcId(id, "event", List.of()));
    assertThat(viewerWrite.status()).isEqualTo(403);
    assertThat(viewerWrite.json().at("/error/message").textValue())
        .contains("has role viewer", "permission write", "editor, admin");
    assertThat(agent.get("/v1/ubc-ids").status()).isEqualTo(403);
    assertThat(agent.put("/v1/ubc-ids/" + id, ubcId(id, "event", List.of())).status())
        .isEqualTo(403);
    Answer editorBeat = editor.post("/v1/agents/a1/heartbeat", heartbeat("g", 0, Map.of()));
    assertThat(editorBeat.status()).isEqualTo(403);
    assertThat(editorBeat.json().at("/error/message").textValue()).contains("roles: agent");
    assertThat(editor.get("/v1/tokens").status()).isEqualTo(403);
    assertThat(viewer.put("/v1/collector-configs/g", Map.of()).status()).isEqualTo(403);

    assertThat(viewer.get("/v1/rules").status()).isEqualTo(200);
    assertThat(agent.get("/v1/rules").status()).isEqualTo(200);
    assertThat(admin.post("/v1/ubc-ids", ubcId(id, "event", List.of())).status()).isEqualTo(201);
  }

  @Test
  void tokensAreIssuedListedAndRevoked() {
    String name = "tool-" + suffix();
    Answer issued = admin.post("/v1/tokens", Map.of("name", name, "role", "agent"));
    assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
    String secret = issued.json().path("token").textValue();
    assertThat(secret).startsWith("wsm_").hasSizeGreaterThan(40);
    MonitorClient tool = anonymous.as(secret);
    assertThat(tool.post("/v1/agents/" + name + "/heartbeat", heartbeat("g", 0, Map.of())).status())
        .isEqualTo(200);

    String listed = admin.get("/v1/tokens").body();
    assertThat(listed).contains(name, "bootstrap-admin", "bootstrap-agent").doesNotContain(secret);
    assertThat(admin.post("/v1/tokens", Map.of("name", name, "role", "viewer")).status())
        .isEqualTo(409);
    Answer invalid = admin.post("/v1/tokens", Map.of("name", "Bad Name", "role", "owner"));
    assertThat(violations(invalid)).containsExactly("name:pattern", "role:one-of");
    assertThat(admin.delete("/v1/tokens/bootstrap-agent").status()).isEqualTo(409);

    assertThat(admin.delete("/v1/tokens/" + name).status()).isEqualTo(200);
    assertThat(tool.get("/v1/rules").status()).isEqualTo(401);
    assertThat(admin.delete("/v1/tokens/" + name).status()).isEqualTo(404);
    JsonNode audit = viewer.get("/v1/audit?target=" + name).json().path("entries");
    assertThat(audit.findValuesAsText("action")).containsExactly("token.delete", "token.create");
  }

  // ---- operations

  @Test
  void healthMetricsAndOpenApiNeedNoToken() {
    Answer health = anonymous.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").textValue()).isEqualTo("up");
    anonymous.get("/v1/nothing-here");
    Answer metrics = anonymous.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type")).startsWith("text/plain");
    assertThat(metrics.body())
        .contains(
            "watershed_monitor_received_bytes_total ",
            "watershed_monitor_received_events_total ",
            "watershed_monitor_sent_events_total ",
            "watershed_monitor_errors_total{error_type=",
            "watershed_monitor_discarded_events_total{reason=\"no_route\"}",
            "watershed_monitor_http_requests_total{route=\"health\",status=\"200\"}",
            "watershed_monitor_rules_version ",
            "jvm_memory_used_bytes",
            "process_cpu_seconds_total");
    Answer openApi = anonymous.get("/openapi.json");
    assertThat(openApi.status()).isEqualTo(200);
    assertThat(openApi.json().path("openapi").textValue()).startsWith("3.");
  }

  @Test
  void servesTheUiWithItsHeadersAndNothingOutsideIt() throws IOException {
    Answer home = anonymous.get("/");
    assertThat(home.status()).isEqualTo(302);
    assertThat(home.header("Location")).isEqualTo("/ui/");
    assertThat(anonymous.get("/ui").header("Location")).isEqualTo("/ui/");

    Answer index = anonymous.get("/ui/");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\">");
    assertThat(index.header("Content-Security-Policy"))
        .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(index.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(index.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(index.header("Cache-Control")).isEqualTo("no-cache");
    String etag = index.header("ETag");
    assertThat(etag).matches("\"[0-9a-f]{24}\"");
    Answer unchanged = anonymous.get("/ui/", Map.of("If-None-Match", etag));
    assertThat(unchanged.status()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();

    assertThat(anonymous.get("/ui/app.js").header("Content-Type"))
        .isEqualTo("text/javascript; charset=utf-8");
    assertThat(anonymous.get("/ui/style.css").header("Content-Type"))
        .isEqualTo("text/css; charset=utf-8");
    Answer chartLibrary = anonymous.get("/ui/lib/uPlot.esm.js");
    assertThat(chartLibrary.status()).isEqualTo(200);
    assertThat(chartLibrary.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(chartLibrary.body()).contains("export { uPlot as default }");
    assertThat(anonymous.get("/ui/lib/uPlot.min.css").status()).isEqualTo(200);

    // sent verbatim on a socket: an HTTP client would normalise the dots away
    for (String path :
        List.of(
            "/ui/../openapi.json",
            "/ui/%2e%2e/openapi.json",
            "/ui/lib/..%2F..%2Fopenapi.json",
            "/ui/lib/%2e%2e/%2e%2e/io/watershed/monitor/openapi.json",
            "/ui/..%5Copenapi.json",
            "/ui/lib/../app.js",
            "/ui//app.js",
            "/ui/MonitorServer.class",
            "/ui/logback-test.xml",
            "/ui/missing.js",
            "/ui/lib/missing.js")) {
      String answer = rawGet(path);
      assertThat(answer).as(path).matches("(?s)HTTP/1.1 (400|404) .*");
      assertThat(answer).as(path).doesNotContain("\"openapi\"", "export");
    }
    assertThat(anonymous.send("POST", "/ui/app.js", "text/plain", "x", Map.of()).status())
        .isEqualTo(405);
  }

  /** A GET of {@code target} exactly as written, on a socket of its own; the whole answer. */
  private String rawGet(String target) throws IOException {
    URI uri = server.uri();
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void unknownRoutesAndMethods() {
    Answer unknown = admin.get("/v1/nothing-here");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().at("/error/message").textValue())
        .isEqualTo(
            "Cannot route GET /v1/nothing-here: no such endpoint (GET /openapi.json lists them)");
    Answer wrong = admin.send("PATCH", "/v1/ubc-ids", null, null, Map.of());
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong.header("Allow")).isEqualTo("GET, POST");
  }

  @Test
  void refusesBodiesOverTheLimit() {
    String big = "{\"name\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
    Answer refused = editor.postText("/v1/ubc-ids", big);
    assertThat(refused.status()).isEqualTo(413);
  }

  // ---- the query API without a Trino configured

  @Test
  void queryApiIsOffWithoutTrinoButChecksRequestsAndRoles() {
    Answer series = viewer.get("/v1/series?ubc=ubc_0001&step=5m");
    assertThat(series.status()).as(series.toString()).isEqualTo(503);
    assertThat(series.json().at("/error/code").textValue()).isEqualTo("query_unavailable");
    assertThat(series.json().at("/error/retriable").booleanValue()).isTrue();
    assertThat(series.json().at("/error/message").textValue())
        .startsWith(
            "Cannot read the series of ubc_0001: the query API is off (monitor.trino.url is not"
                + " set)");
    assertThat(viewer.get("/v1/watermark").status()).isEqualTo(503);

    Answer badStep = viewer.get("/v1/series?ubc=ubc_0001&step=2m");
    assertThat(badStep.status()).isEqualTo(400);
    assertThat(badStep.json().at("/error/message").textValue())
        .isEqualTo("Cannot read query parameter step=2m: must be one of [1m, 5m, 1h]");
    assertThat(
            viewer.get("/v1/series?ubc=u&d1=a&d1=b&d7=c").json().at("/error/message").textValue())
        .startsWith("Cannot read the series: unknown query parameter d7");

    assertThat(viewer.post("/v1/sql", Map.of("sql", "SELECT 1")).status()).isEqualTo(403);
    assertThat(agent.post("/v1/sql", Map.of("sql", "SELECT 1")).status()).isEqualTo(403);
    Answer sql = editor.post("/v1/sql", Map.of("sql", "SELECT 1\n;"));
    assertThat(sql.status()).isEqualTo(503);
    assertThat(sql.json().at("/error/code").textValue()).isEqualTo("query_unavailable");
    Answer blank = editor.post("/v1/sql", Map.of("sql", " ; ", "format", "xml", "limit", 3));
    assertThat(blank.status()).isEqualTo(422);
    assertThat(violations(blank))
        .containsExactlyInAnyOrder("limit:unknown-field", "sql:required", "format:one-of");

    assertThat(anonymous.get("/health").status()).isEqualTo(200);
  }

  // ---- alert rules (without a Trino nothing is evaluated; the API serves all the same)

  @Test
  void alertRuleLifecycle() {
    String id = uniqueId("alerts");
    assertThat(editor.post("/v1/ubc-ids", ubcId(id, "flow", List.of())).status()).isEqualTo(201);
    assertThat(editor.post("/v1/ubc-ids/" + id + "/dimensions", oneToOne("common.os")).status())
        .isEqualTo(201);
    Map<String, Object> body = alert(id, "drop");
    body.put("filter", Map.of("d1", "android"));
    // a minute start 30 days ahead, 31 s in: aligned down to the minute
    Instant start = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MINUTES);
    body.put("startAt", start.plusSeconds(31).toString());
    Answer created = editor.post("/v1/alerts", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode alert = created.json().path("alert");
    long number = alert.path("id").longValue();
    assertThat(created.json().path("changed").booleanValue()).isTrue();
    assertThat(alert.path("revision").longValue()).isEqualTo(1);
    assertThat(alert.path("ubc").textValue()).isEqualTo(id);
    assertThat(alert.path("filter").toString()).isEqualTo("{\"d1\":\"android\"}");
    assertThat(alert.path("kind").textValue()).isEqualTo("drop");
    assertThat(alert.path("metric").textValue()).isEqualTo("pv");
    assertThat(alert.path("step").textValue()).isEqualTo("1m");
    assertThat(alert.path("compareTo").textValue()).isEqualTo("day");
    assertThat(alert.path("percent").doubleValue()).isEqualTo(40.0);
    assertThat(alert.path("minBaseline").longValue()).isEqualTo(50);
    assertThat(alert.path("enabled").booleanValue()).isTrue();
    // aligned down to the step; nothing evaluated yet
    assertThat(alert.path("startAt").textValue()).isEqualTo(start.toString());
    assertThat(alert.path("evaluatedUntil").textValue()).isEqualTo(start.toString());
    assertThat(alert.has("evaluatedAt")).isFalse();
    assertThat(alert.path("createdBy").textValue()).isEqualTo(editorName);

    JsonNode read = viewer.get("/v1/alerts/" + number).json();
    assertThat(read).isEqualTo(alert);
    JsonNode listed = viewer.get("/v1/alerts?ubc=" + id).json().path("alerts");
    assertThat(listed.size()).isEqualTo(1);
    assertThat(listed.get(0)).isEqualTo(alert);

    // what GET answered goes back unchanged
    Answer same = editor.put("/v1/alerts/" + number, read);
    assertThat(same.status()).as(same.toString()).isEqualTo(200);
    assertThat(same.json().path("changed").booleanValue()).isFalse();
    assertThat(same.json().at("/alert/revision").longValue()).isEqualTo(1);

    Map<String, Object> changed = alert(id, "spike");
    changed.put("percent", 300);
    changed.put("step", "5m");
    Answer updated = editor.put("/v1/alerts/" + number, changed);
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.json().path("changed").booleanValue()).isTrue();
    JsonNode after = updated.json().path("alert");
    assertThat(after.path("revision").longValue()).isEqualTo(2);
    assertThat(after.path("kind").textValue()).isEqualTo("spike");
    assertThat(after.has("filter")).isFalse();
    // kept, aligned down to five minutes
    assertThat(after.path("startAt").textValue())
        .isEqualTo(start.minusMillis(start.toEpochMilli() % 300_000).toString());
    assertThat(after.path("createdAt").textValue()).isEqualTo(alert.path("createdAt").textValue());

    JsonNode audit = viewer.get("/v1/audit?target=alert/" + number).json().path("entries");
    assertThat(audit.findValuesAsText("action")).containsExactly("alert.update", "alert.create");
    assertThat(audit.get(0).at("/detail/kind").textValue()).isEqualTo("spike");

    assertThat(viewer.get("/v1/alerts/firings?rule=" + number).json().path("firings").size())
        .isZero();
    Answer deleted = editor.delete("/v1/alerts/" + number);
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertThat(deleted.json().path("deleted").longValue()).isEqualTo(number);
    assertThat(viewer.get("/v1/alerts/" + number).status()).isEqualTo(404);
    assertThat(editor.delete("/v1/alerts/" + number).status()).isEqualTo(404);
    assertThat(editor.put("/v1/alerts/" + number, changed).status()).isEqualTo(404);
    assertThat(viewer.get("/v1/alerts?ubc=" + id).json().path("alerts").size()).isZero();
  }

  @Test
  void alertValidationNamesEveryFieldAndRule() {
    String id = uniqueId("alertcheck");
    assertThat(editor.post("/v1/ubc-ids", ubcId(id, "event", List.of())).status()).isEqualTo(201);
    Map<String, Object> body = new HashMap<>();
    body.put("ubc", id);
    body.put("kind", "drop");
    body.put("percent", 120);
    body.put("min", 3);
    body.put("webhook", "ftp://hooks.example/x");
    body.put("colour", "red");
    Answer refused = editor.post("/v1/alerts", body);
    assertThat(refused.json().at("/error/code").textValue()).isEqualTo("validation_failed");
    assertThat(refused.json().at("/error/message").textValue())
        .startsWith("Cannot create alert rule (unnamed): ");
    assertThat(violations(refused))
        .containsExactlyInAnyOrder(
            "colour:unknown-field",
            "name:required",
            "min:not-for-kind",
            "percent:range",
            "minBaseline:required",
            "webhook:webhook-url");

    // what needs the rules: the UBC ID, its dimensions, flow logs for duration
    Map<String, Object> unknown = alert("no-such-ubc-" + suffix(), "drop");
    assertThat(violations(editor.post("/v1/alerts", unknown)))
        .containsExactly("ubc:unknown-ubc-id");
    Map<String, Object> dimension = alert(id, "threshold");
    dimension.put("filter", Map.of("d2", "wifi"));
    dimension.put("metric", "duration");
    assertThat(violations(editor.post("/v1/alerts", dimension)))
        .containsExactly("filter:unknown-dimension", "metric:flow-only-metric");

    assertThat(editor.post("/v1/alerts", "[1]").status()).isEqualTo(400);
    assertThat(viewer.get("/v1/alerts/seven").status()).isEqualTo(404);
    assertThat(viewer.get("/v1/alerts/0").status()).isEqualTo(404);
    assertThat(viewer.get("/v1/alerts?ubc=bad%20id").status()).isEqualTo(400);
    Answer badState = viewer.get("/v1/alerts/firings?state=sent");
    assertThat(badState.status()).isEqualTo(400);
    assertThat(badState.json().at("/error/message").textValue())
        .isEqualTo(
            "Cannot read query parameter state=sent: must be one of [pending, delivered, failed,"
                + " cancelled]");
    assertThat(viewer.get("/v1/alerts/firings?limit=0").status()).isEqualTo(400);
    assertThat(viewer.get("/v1/alerts/firings?state=failed&limit=5").status()).isEqualTo(200);
  }

  @Test
  void alertRulesAreReadByViewersAndWrittenByEditors() {
    String id = uniqueId("alertroles");
    assertThat(editor.post("/v1/ubc-ids", ubcId(id, "event", List.of())).status()).isEqualTo(201);
    Answer viewerWrite = viewer.post("/v1/alerts", alert(id, "threshold"));
    assertThat(viewerWrite.status()).isEqualTo(403);
    assertThat(agent.get("/v1/alerts").status()).isEqualTo(403);
    assertThat(agent.get("/v1/alerts/firings").status()).isEqualTo(403);
    assertThat(anonymous.get("/v1/alerts").status()).isEqualTo(401);
    Answer created = admin.post("/v1/alerts", alert(id, "threshold"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    long number = created.json().at("/alert/id").longValue();
    assertThat(viewer.get("/v1/alerts/" + number).status()).isEqualTo(200);
    assertThat(viewer.delete("/v1/alerts/" + number).status()).isEqualTo(403);
    assertThat(viewer.get("/v1/alerts").json().path("alerts").findValuesAsText("ubc")).contains(id);
  }

  // ---- limits (issue 17): before, each of these got 500 (SQL, empty body) or broke a listing

  @Test
  void ruleWithTooManyMappingGroupsGets422NamingTheLimit() {
    String id = uniqueId("groups");
    editor.post("/v1/ubc-ids", ubcId(id, "event", List.of()));
    Map<String, Object> body = manyToOne("common.net", "other", Map.of());
    List<Map<String, String>> many = new ArrayList<>();
    for (int i = 0; i < 17_000; i++) {
      many.add(Map.of("value", "v" + i, "group", "g" + (i % 7)));
    }
    body.put("groups", many);

    Answer refused = editor.post("/v1/ubc-ids/" + id + "/dimensions", body);

    assertThat(violations(refused)).containsExactly("groups:max-groups");
    assertThat(refused.json().at("/error/violations/0/message").textValue())
        .isEqualTo("must hold at most 5000 mapping groups, got 17000");
    assertSafeError(refused);
  }

  @Test
  void valueNestedTooDeepGets422() {
    String nested = "[".repeat(999) + "]".repeat(999);
    Answer ubc = editor.postText("/v1/ubc-ids", "{\"id\":\"deep\",\"name\":" + nested + "}");
    Answer beat =
        agent.postText(
            "/v1/agents/deep-" + suffix() + "/heartbeat",
            "{\"group\":\"g\",\"host\":\"h\",\"status\":" + nested + "}");

    for (Answer answer : List.of(ubc, beat)) {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(422);
      assertThat(answer.json().at("/error/message").textValue())
          .endsWith("nests deeper than 32 levels (the limit)");
      assertSafeError(answer);
    }
  }

  @Test
  void heartbeatStatusOverTheDepthLimitGets422AndListingsStayUp() throws Exception {
    String group = "group-" + suffix();
    Object status = Map.of("files", 1);
    for (int i = 0; i < 20; i++) {
      status = Map.of("level", status);
    }
    Answer refused =
        agent.post(
            "/v1/agents/deep-" + suffix() + "/heartbeat",
            heartbeat(group, 0, (Map<String, ?>) status));
    assertThat(violations(refused)).containsExactly("status:max-depth");

    // a status stored before the limits, nested past what can be answered: one bad agent
    String agentId = "legacy-" + suffix();
    assertThat(
            agent
                .post("/v1/agents/" + agentId + "/heartbeat", heartbeat(group, 0, Map.of()))
                .status())
        .isEqualTo(200);
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
        java.sql.PreparedStatement update =
            connection.prepareStatement("UPDATE agent SET status = ? WHERE agent_id = ?")) {
      update.setString(1, "{\"a\":".repeat(999) + "1" + "}".repeat(999));
      update.setString(2, agentId);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }

    Answer listing = viewer.get("/v1/agents?group=" + group);
    Answer one = viewer.get("/v1/agents/" + agentId);

    assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
    assertThat(listing.json().path("agents").size()).isEqualTo(1);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().at("/status/unreadable").textValue()).contains("16 levels");
    assertThat(viewer.get("/v1/agents").status()).isEqualTo(200);
  }

  @Test
  void namesWithControlCharactersOrDirectionMarksGet422() {
    for (String name : List.of("evil\u202Etxt.exe", "bell\u0007", "a\u001fb")) {
      Map<String, Object> body = ubcId(uniqueId("ctl"), "event", List.of());
      body.put("name", name);

      Answer refused = editor.post("/v1/ubc-ids", body);

      assertThat(violations(refused)).containsExactly("name:no-control-characters");
      assertThat(refused.body()).doesNotContain("\u202E").doesNotContain("\u0007");
    }
  }

  @Test
  void errorsEchoAtMostTwoHundredCharactersOfInput() {
    Map<String, Object> body = ubcId(uniqueId("long"), "event", List.of());
    body.put("name", "x".repeat(100_000));
    body.put("owner", "y".repeat(100_000));

    Answer refused = editor.post("/v1/ubc-ids", body);
    Answer badPath = admin.get("/v1/ubc-ids/" + "z".repeat(5000));

    assertThat(violations(refused)).contains("name:max-length", "owner:max-length");
    assertSafeError(refused);
    assertThat(refused.body()).doesNotContain("x".repeat(201)).doesNotContain("y".repeat(201));
    assertThat(badPath.body()).doesNotContain("z".repeat(201));
  }

  /** An error body holds no internals and no long echo of the request. */
  private static void assertSafeError(Answer answer) {
    assertThat(answer.body().length()).as(answer.toString()).isLessThan(16 * 1024);
    assertThat(answer.json().at("/error/message").textValue()).hasSizeLessThanOrEqualTo(200);
    assertThat(answer.body())
        .doesNotContainIgnoringCase("insert into")
        .doesNotContainIgnoringCase("select ")
        .doesNotContain("Exception", "org.h2", "org.jooq", "java.", "\tat ");
  }

  @Test
  void demoRulesLoadOnceAsOneVersion() {
    Answer before = agent.get("/v1/rules");
    try (MonitorDatabase db = MonitorDatabase.open(database.jdbcUrl(), database.user(), "", 2)) {
      DemoRules.Seeded seeded = DemoRules.seed(db, new Metrics());
      assertThat(seeded).isEqualTo(new DemoRules.Seeded(30, 150));
      DemoRules.Seeded again = DemoRules.seed(db, new Metrics());
      assertThat(again).isEqualTo(new DemoRules.Seeded(0, 0));
    }
    JsonNode rules = agent.get("/v1/rules").json();
    assertThat(rules.path("version").longValue())
        .isGreaterThanOrEqualTo(before.json().path("version").longValue());
    JsonNode first = find(rules.path("ubcIds"), "ubc_0001");
    assertThat(first.path("dimensions").findValuesAsText("source"))
        .containsExactly("common.os", "common.app", "common.net", "ext.channel", "ext.result");
    assertThat(find(rules.path("ubcIds"), "ubc_0003").path("logType").textValue())
        .isEqualTo("flow");
    assertThat(find(rules.path("ubcIds"), "ubc_0030").path("dimensions").size()).isEqualTo(5);
    JsonNode versions = viewer.get("/v1/rules/versions?limit=1000").json().path("versions");
    assertThat(versions.findValuesAsText("actor").stream().filter("seed-demo"::equals).count())
        .isEqualTo(1);
  }

  // ---- helpers

  /** An alert rule of {@code kind} on {@code ubc} with what the kind needs. */
  private static Map<String, Object> alert(String ubc, String kind) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", "test " + kind + " of " + ubc);
    body.put("ubc", ubc);
    body.put("kind", kind);
    body.put("webhook", "http://127.0.0.1:9/hook");
    switch (kind) {
      case "drop", "spike" -> {
        body.put("percent", 40);
        body.put("minBaseline", 50);
      }
      case "threshold" -> body.put("min", 10);
      default -> body.put("minutes", 10);
    }
    return body;
  }

  private String issueToken(String name, String role) {
    Answer issued = admin.post("/v1/tokens", Map.of("name", name, "role", role));
    assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
    return issued.json().path("token").textValue();
  }

  private JsonNode rulesAt(long version) {
    Answer answer = agent.get("/v1/rules?version=" + version);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(answer.json().path("version").longValue()).isEqualTo(version);
    return answer.json().path("ubcIds");
  }

  private static Map<String, Object> heartbeat(
      String group, long configVersion, Map<String, ?> status) {
    return Map.of(
        "group", group, "host", "host-1", "configVersion", configVersion, "status", status);
  }

  /** The violations of a 422 answer as {@code field:rule}, in order. */
  private static List<String> violations(Answer answer) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(422);
    List<String> result = new ArrayList<>();
    for (JsonNode violation : answer.json().at("/error/violations")) {
      result.add(violation.path("field").textValue() + ":" + violation.path("rule").textValue());
    }
    return result;
  }

  private static List<String> texts(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(item -> result.add(item.textValue()));
    return result;
  }

  private static List<String> ids(JsonNode ubcIds) {
    return ubcIds.findValuesAsText("id");
  }

  private static JsonNode find(JsonNode items, String id) {
    return find(items, id, "id");
  }

  private static JsonNode find(JsonNode items, String value, String field) {
    for (JsonNode item : items) {
      if (value.equals(item.path(field).textValue())) {
        return item;
      }
    }
    throw new AssertionError("no item with " + field + " " + value + " in " + items);
  }
}
