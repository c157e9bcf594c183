package io.watershed.monitor;

import static io.watershed.monitor.MonitorFixtures.ADMIN_TOKEN;
import static io.watershed.monitor.MonitorFixtures.AGENT_TOKEN;
import static io.watershed.monitor.MonitorFixtures.suffix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.watershed.kit.testing.ChromiumBrowser;
import io.watershed.monitor.MonitorClient.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI as a person uses it: a real Chromium (Debian's, headless) against the monitor service
 * started in-process on an H2 file database with the demo rules. Each page is saved as a screenshot
 * under {@code target/screenshots/}. Skipped only when {@code /usr/bin/chromium} is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorUiIT {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private TestDatabase database;
  private MonitorServer server;
  private ChromiumBrowser browser;
  private ChromeDriver driver;
  private MonitorClient admin;
  private MonitorClient agent;
  private String editorName;
  private String editorToken;
  private String viewerToken;

  @BeforeAll
  void start(@TempDir Path directory) {
    assumeTrue(
        ChromiumBrowser.installed(),
        "Browser tests skipped: /usr/bin/chromium is absent (apt-get install chromium"
            + " chromium-driver; .ci/run does)");
    database = TestDatabase.h2(directory);
    server =
        MonitorServer.start(MonitorFixtures.config(database, Map.of("monitor.seed-demo", "true")));
    admin = new MonitorClient(server.uri(), ADMIN_TOKEN);
    agent = admin.as(AGENT_TOKEN);
    editorName = "ui-editor-" + suffix();
    editorToken = issueToken(editorName, "editor");
    viewerToken = issueToken("ui-viewer-" + suffix(), "viewer");
    browser = ChromiumBrowser.start(directory.resolve("chromium-profile"));
    driver = browser.driver();
  }

  @AfterAll
  void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
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
  }

  @AfterEach
  void noScriptErrors() {
    if (browser != null) {
      assertThat(browser.scriptErrors()).as("errors in the browser console").isEmpty();
    }
  }

  @Test
  void signsInAsAdminAndOut() {
    forgetTheSession();
    driver.get(server.uri() + "/");
    waitFor(By.id("token"));
    assertThat(driver.getCurrentUrl()).startsWith(server.uri() + "/ui/");
    screenshot("01-sign-in");

    driver.findElement(By.id("token")).sendKeys("not-a-token-" + suffix());
    driver.findElement(By.id("sign-in")).click();
    WebElement refused = waitFor(By.cssSelector("#sign-in-message .notice.error"));
    assertThat(refused.getText()).contains("not known to the monitor service");

    driver.findElement(By.id("token")).clear();
    driver.findElement(By.id("token")).sendKeys(ADMIN_TOKEN);
    driver.findElement(By.id("sign-in")).click();
    waitForPage("ubc-ids");
    assertThat(driver.findElement(By.id("who-name")).getText()).isEqualTo("bootstrap-admin");
    assertThat(driver.findElement(By.id("who-role")).getText()).isEqualTo("admin");
    assertThat(rowTexts(By.cssSelector("#ubc-table tbody tr")))
        .anyMatch(row -> row.startsWith("ubc_0001 home page view event demo-app-team"));
    assertThat(driver.findElements(By.cssSelector("#ubc-table tbody tr")))
        .hasSizeGreaterThanOrEqualTo(30);
    assertThat(driver.findElement(By.id("new-ubc-id")).isDisplayed()).isTrue();
    assertThat(script("return sessionStorage.getItem('watershed.monitor.token')"))
        .isEqualTo(ADMIN_TOKEN);
    screenshot("02-ubc-ids");

    driver.findElement(By.id("sign-out")).click();
    waitFor(By.id("token"));
    assertThat(script("return sessionStorage.getItem('watershed.monitor.token')")).isNull();
    assertThat(driver.findElement(By.id("nav")).isDisplayed()).isFalse();
  }

  @Test
  void viewerSeesNoEditButtonsAndAForcedPutIsRefused() {
    signIn(viewerToken);
    open("#/ubc-ids", "ubc-ids");
    assertThat(driver.findElements(By.cssSelector("[data-edit]"))).isEmpty();
    open("#/ubc-ids/ubc_0003", "ubc-id");
    waitFor(By.id("dimension-table"));
    assertThat(driver.findElements(By.cssSelector("[data-edit]"))).isEmpty();
    assertThat(driver.findElements(By.id("edit-definition"))).isEmpty();
    assertThat(driver.findElement(By.id("dimension-table")).getText()).contains("View");
    open("#/ubc-ids/ubc_0003/d3", "dimension");
    waitFor(By.id("read-only-note"));
    assertThat(driver.findElements(By.cssSelector("[data-edit]"))).isEmpty();
    assertThat(driver.findElements(By.id("save-dimension"))).isEmpty();
    assertThat(driver.findElement(By.id("default-group")).isEnabled()).isFalse();
    screenshot("03-viewer-dimension");

    long before = rulesVersion();
    // the buttons are gone, but the server is the one that refuses
    @SuppressWarnings("unchecked")
    Map<String, Object> forced =
        (Map<String, Object>)
            ((JavascriptExecutor) driver)
                .executeAsyncScript(
                    """
                    const done = arguments[arguments.length - 1];
                    fetch('/v1/ubc-ids/ubc_0003/dimensions/3', {
                      method: 'PUT',
                      headers: {
                        'Authorization': 'Bearer ' + sessionStorage.getItem('watershed.monitor.token'),
                        'Content-Type': 'application/json'},
                      body: JSON.stringify({source: 'common.net', mapping: 'one-to-one', normalise: []})
                    }).then(async (r) => done({status: r.status, body: await r.json()}),
                            (e) => done({status: -1, body: String(e)}));
                    """);
    assertThat(((Number) forced.get("status")).intValue()).isEqualTo(403);
    assertThat(forced.get("body").toString()).contains("forbidden", "has role viewer");
    assertThat(rulesVersion()).isEqualTo(before);
    open("#/fleet", "fleet");
    assertThat(driver.findElements(By.cssSelector("[data-edit]"))).isEmpty();
  }

  @Test
  void editsAMappingAndTheRulesServeIt() {
    signIn(editorToken);
    open("#/ubc-ids/ubc_0001", "ubc-id");
    waitFor(By.id("dimension-table"));
    screenshot("04-ubc-id");
    driver.findElement(By.cssSelector("#dimension-table a[href$='/d3']")).click();
    waitForPage("dimension");
    assertThat(
            new Select(driver.findElement(By.id("mapping-kind")))
                .getFirstSelectedOption()
                .getText())
        .isEqualTo("many-to-one");
    assertThat(driver.findElement(By.id("default-group")).getAttribute("value")).isEqualTo("other");
    int rows = driver.findElements(By.cssSelector("#mapping-rows tr")).size();
    driver.findElement(By.id("add-row")).click();
    List<WebElement> row =
        driver
            .findElements(By.cssSelector("#mapping-rows tr"))
            .get(rows)
            .findElements(By.tagName("input"));
    row.get(0).sendKeys(" 6G ");
    row.get(1).sendKeys("cellular");
    screenshot("05-dimension-editor");
    driver.findElement(By.id("save-dimension")).click();
    WebElement saved = waitFor(By.cssSelector("main .notice.ok"));
    assertThat(saved.getText()).startsWith("Saved d3 of ubc_0001 as rule version ");
    Matcher number = Pattern.compile("rule version (\\d+)").matcher(saved.getText());
    assertThat(number.find()).isTrue();
    long version = Long.parseLong(number.group(1));

    JsonNode rules = agent.get("/v1/rules").json();
    assertThat(rules.path("version").longValue()).isGreaterThanOrEqualTo(version);
    JsonNode d3 =
        find(find(rules.path("ubcIds"), "id", "ubc_0001").path("dimensions"), "column", "d3");
    assertThat(d3.path("groups").toString()).contains("{\"value\":\"6g\",\"group\":\"cellular\"}");
    assertThat(d3.path("version").longValue()).isEqualTo(version);
    // the page shows what the server stored: the value normalised
    assertThat(driver.findElements(By.cssSelector("#mapping-rows input.value")))
        .extracting(input -> input.getAttribute("value"))
        .contains("6g");

    driver.findElement(By.cssSelector(".page-head a[href*='audit']")).click();
    waitForPage("audit");
    assertThat(rowTexts(By.cssSelector("#audit-table tbody tr")).get(0))
        .contains(editorName, "dimension.put", "ubc_0001/d3", String.valueOf(version));
    screenshot("06-audit");

    open("#/ubc-ids/ubc_0001/history", "history");
    waitFor(By.cssSelector("#diff .diff-line.add"));
    assertThat(rowTexts(By.cssSelector("#diff .diff-line.add")))
        .anyMatch(line -> line.contains("\"value\": \"6g\""))
        .anyMatch(line -> line.contains("\"version\": " + version));
    assertThat(driver.findElement(By.id("version-table")).getText())
        .contains(editorName, "seed-demo");
    assertThat(driver.findElement(By.cssSelector("#diff .diff-summary")).getText())
        .contains("line(s) added");
    assertThat(driver.getCurrentUrl()).endsWith("#/ubc-ids/ubc_0001/history");
    screenshot("07-history-diff");
  }

  @Test
  void createsAUbcIdWithItsErrorsShownFirst() {
    signIn(editorToken);
    String id = "ui_created_" + suffix();
    open("#/ubc-ids", "ubc-ids");
    driver.findElement(By.id("new-ubc-id")).click();
    waitForPage("new-ubc-id");
    driver.findElement(By.id("ubc-id")).sendKeys(id);
    driver.findElement(By.id("ubc-name")).sendKeys("checkout");
    new Select(driver.findElement(By.id("ubc-log-type"))).selectByValue("flow");
    driver.findElement(By.id("ubc-params")).sendKeys("page, Bad-Name");
    driver.findElement(By.id("save-ubc-id")).click();
    WebElement owner = waitFor(By.cssSelector(".field-error[data-error-for='owner']"));
    assertThat(owner.getText()).contains("(required)");
    assertThat(
            driver
                .findElement(By.cssSelector(".field-error[data-error-for='params[1]']"))
                .getText())
        .contains("(pattern)");
    screenshot("14-new-ubc-id-invalid");
    assertThat(admin.get("/v1/ubc-ids/" + id).status()).isEqualTo(404);

    driver.findElement(By.id("ubc-owner")).sendKeys("checkout-team");
    WebElement params = driver.findElement(By.id("ubc-params"));
    params.clear();
    params.sendKeys("page, amount");
    driver.findElement(By.id("save-ubc-id")).click();
    waitForPage("ubc-id");
    assertThat(waitFor(By.cssSelector("main .notice.ok")).getText())
        .startsWith("Created " + id + " as rule version ");
    JsonNode created = admin.get("/v1/ubc-ids/" + id).json();
    assertThat(created.path("owner").textValue()).isEqualTo("checkout-team");
    assertThat(created.path("params").toString()).isEqualTo("[\"page\",\"amount\"]");
    assertThat(created.path("metrics").toString()).isEqualTo("[\"pv\"]");
    assertThat(driver.getCurrentUrl()).endsWith("#/ubc-ids/" + id);
  }

  @Test
  void showsValidationErrorsAtTheirFields() {
    signIn(editorToken);
    long before = rulesVersion();
    open("#/ubc-ids/ubc_0002/d4", "dimension");
    waitFor(By.id("default-group")).clear();
    driver.findElement(By.id("add-row")).click();
    List<WebElement> rows = driver.findElements(By.cssSelector("#mapping-rows tr"));
    List<WebElement> last = rows.get(rows.size() - 1).findElements(By.tagName("input"));
    last.get(0).sendKeys("PUSH");
    last.get(1).sendKeys("other");
    driver.findElement(By.id("save-dimension")).click();

    WebElement defaultError =
        waitFor(By.cssSelector(".field-error[data-error-for='defaultGroup']"));
    assertThat(defaultError.getText()).contains("is required").contains("(default-group-required)");
    assertThat(driver.findElement(By.id("default-group")).getAttribute("class"))
        .contains("invalid");
    String field = "groups[%d].value".formatted(rows.size() - 1);
    WebElement twice =
        driver.findElement(By.cssSelector(".field-error[data-error-for='" + field + "']"));
    assertThat(twice.getText()).contains("maps 'push' again").contains("(value-mapped-twice)");
    assertThat(last.get(0).getAttribute("class")).contains("invalid");
    assertThat(driver.findElement(By.cssSelector("#dimension-form .form-message")).getText())
        .contains("Not saved: 2 problem(s), marked at their fields.");
    screenshot("08-validation-errors");
    assertThat(rulesVersion()).isEqualTo(before);
  }

  @Test
  void fleetShowsAnAgentAfterAHeartbeatAndEditsItsConfig() {
    String group = "ui-web-" + suffix();
    String agentId = group + "-agent-1";
    Answer stored =
        admin.putText("/v1/collector-configs/" + group, "application/yaml", "sources: []\n");
    assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
    Answer beat =
        agent.post(
            "/v1/agents/" + agentId + "/heartbeat",
            Map.of(
                "group",
                group,
                "host",
                "web-7.example",
                "configVersion",
                0,
                "status",
                Map.of("filesTotal", 3, "lagBytes", 2048, "sources", List.of("web"))));
    assertThat(beat.status()).as(beat.toString()).isEqualTo(200);

    signIn(ADMIN_TOKEN);
    open("#/fleet", "fleet");
    WebElement row = waitFor(By.cssSelector("#agent-table tr[data-agent='" + agentId + "']"));
    List<String> cells =
        row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    assertThat(cells.get(0)).isEqualTo(agentId);
    assertThat(cells.get(1)).isEqualTo(group);
    assertThat(cells.get(2)).isEqualTo("web-7.example");
    assertThat(cells.get(3)).startsWith("live").endsWith("s ago");
    assertThat(cells.get(5)).isEqualTo("3");
    assertThat(cells.get(6)).isEqualTo("2.0 KiB");
    assertThat(cells.get(7)).isEqualTo("0");
    assertThat(cells.get(8)).isEqualTo("outdated (group has v1)");
    assertThat(
            driver
                .findElement(By.cssSelector("#config-table tr[data-group='" + group + "']"))
                .getText())
        .contains(group, "yaml", "bootstrap-admin");
    screenshot("09-fleet");

    agent.post(
        "/v1/agents/" + agentId + "/heartbeat",
        Map.of("group", group, "host", "web-7.example", "configVersion", 1, "status", Map.of()));
    driver.findElement(By.id("refresh")).click();
    waitUntil(
        ExpectedConditions.textToBe(
            By.cssSelector("#agent-table tr[data-agent='" + agentId + "'] .config-state"),
            "current"));

    driver
        .findElement(By.cssSelector("#config-table tr[data-group='" + group + "'] a.button"))
        .click();
    waitForPage("config");
    WebElement document = waitFor(By.id("config-document"));
    document.clear();
    document.sendKeys("sources: [\n  unclosed");
    driver.findElement(By.id("save-config")).click();
    WebElement invalid = waitFor(By.cssSelector(".field-error[data-error-for='document']"));
    assertThat(invalid.getText()).contains("(well-formed)");
    screenshot("10-config-invalid");

    document.clear();
    document.sendKeys("sources:\n  - name: web\n    paths: [/var/log/web/*.log]\n");
    driver.findElement(By.id("save-config")).click();
    WebElement saved = waitFor(By.cssSelector("main .notice.ok"));
    assertThat(saved.getText()).isEqualTo("Stored " + group + " as version 2.");
    JsonNode config = admin.get("/v1/collector-configs/" + group).json();
    assertThat(config.path("version").longValue()).isEqualTo(2);
    assertThat(config.path("document").textValue()).contains("/var/log/web/*.log");
    assertThat(config.path("createdBy").textValue()).isEqualTo("bootstrap-admin");
    screenshot("11-config-editor");
  }

  @Test
  void dashboardKeepsItsViewInTheUrlAndSaysWhenTheQueryApiIsOff() {
    signIn(viewerToken);
    open(
        "#/dashboard?ubc=ubc_0003&metric=pv&step=5m&range=6h&d1=android&group=d3&compare=day",
        "dashboard");
    // this server has no Trino: /v1/series answers 503 query_unavailable, and the page says why
    WebElement missing = waitFor(By.id("series-unavailable"));
    assertThat(missing.getText())
        .contains(
            "The series cannot be read now.",
            "the query API is off (monitor.trino.url is not set)");
    assertThat(selected("ubc")).isEqualTo("ubc_0003");
    assertThat(selected("step")).isEqualTo("5m");
    assertThat(selected("range")).isEqualTo("6h");
    assertThat(selected("group")).isEqualTo("d3");
    assertThat(driver.findElement(By.id("filter-d1")).getAttribute("value")).isEqualTo("android");
    assertThat(driver.findElement(By.cssSelector("input[name=compare][value=day]")).isSelected())
        .isTrue();
    assertThat(driver.findElement(By.cssSelector("input[name=compare][value=week]")).isSelected())
        .isFalse();
    screenshot("12-dashboard-without-query-api");

    new Select(driver.findElement(By.id("metric"))).selectByValue("avg_duration");
    driver.findElement(By.cssSelector("input[name=compare][value=week]")).click();
    driver.findElement(By.id("apply")).click();
    waitUntil(ExpectedConditions.urlContains("metric=avg_duration"));
    assertThat(driver.getCurrentUrl()).contains("compare=day%2Cweek", "group=d3", "d1=android");
    driver.navigate().refresh();
    waitFor(By.id("series-unavailable"));
    assertThat(selected("metric")).isEqualTo("avg_duration");
    assertThat(driver.findElement(By.cssSelector("input[name=compare][value=week]")).isSelected())
        .isTrue();
  }

  /**
   * The chart against the answer shape of {@code GET /v1/series}, until the query API is served:
   * the page's own fetch is answered with a fixed document of that shape (a stand-in for our own
   * API, in the browser only), and what is plotted must equal it.
   */
  @Test
  void dashboardPlotsTheSeriesOfTheAnswer() {
    signIn(viewerToken);
    long step = 60_000;
    long from = 1_780_000_000_000L - 1_780_000_000_000L % step;
    List<Long> timestamps = new ArrayList<>();
    List<Object> wifi = new ArrayList<>();
    List<Object> cellular = new ArrayList<>();
    List<Object> wifiDay = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      timestamps.add(from + i * step);
      wifi.add(1000 + 40 * i + (i % 5) * 25);
      cellular.add(i == 12 ? null : 600 + 15 * i);
      wifiDay.add(950 + 35 * i);
    }
    Map<String, Object> answer =
        new HashMap<>(
            Map.of(
                "ubc",
                "ubc_0003",
                "metric",
                "pv",
                "step",
                "1m",
                "from",
                from,
                "to",
                from + 30 * step,
                "watermark",
                from + 24 * step,
                "final_until",
                from + 22 * step,
                "timestamps",
                timestamps,
                "series",
                List.of(
                    Map.of("name", "wifi", "values", wifi),
                    Map.of("name", "cellular", "values", cellular)),
                "compare",
                Map.of("day", List.of(Map.of("name", "wifi", "values", wifiDay)))));
    // the provisional points from the live minutes, the final ones from the lake
    answer.put("provisional_from", from + 22 * step);
    answer.put("live", true);
    answer.put("lake", true);
    script(
        """
        const answer = arguments[0];
        const original = window.fetch;
        window.fetch = (url, options) => String(url).startsWith('/v1/series')
          ? Promise.resolve(new Response(JSON.stringify(answer), {status: 200, headers: {'Content-Type': 'application/json'}}))
          : original(url, options);
        """,
        answer);
    open("#/dashboard?ubc=ubc_0003&metric=pv&step=1m&range=1h&group=d3&compare=day", "dashboard");
    waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("series-table")));
    assertThat(driver.findElement(By.id("watermark")).getText())
        .contains(
            "Watermark:",
            "final until:",
            "30 window(s) of 1m, 2 series",
            "provisional points: live minutes");
    @SuppressWarnings("unchecked")
    List<List<Object>> plotted =
        (List<List<Object>>) script("return document.getElementById('chart').plot.data");
    assertThat(plotted).hasSize(4);
    assertThat(numbers(plotted.get(0))).isEqualTo(numbers(timestamps));
    assertThat(numbers(plotted.get(1))).isEqualTo(numbers(wifi));
    assertThat(numbers(plotted.get(2))).isEqualTo(numbers(cellular));
    assertThat(numbers(plotted.get(3))).isEqualTo(numbers(wifiDay));
    assertThat(rowTexts(By.cssSelector(".u-legend .u-series")))
        .anyMatch(text -> text.startsWith("wifi"))
        .anyMatch(text -> text.startsWith("cellular"))
        .anyMatch(text -> text.startsWith("wifi (a day before)"));
    assertThat(driver.findElements(By.cssSelector("#series-table tbody tr.provisional")))
        .hasSize(8);
    screenshot("13-dashboard-chart");
  }

  @Test
  void pipelinePageSaysWhatIsNotConfigured() {
    signIn(viewerToken);
    open("#/pipeline", "pipeline");
    assertThat(driver.findElement(By.cssSelector("#nav a.active")).getText()).isEqualTo("Pipeline");
    assertThat(driver.findElements(By.cssSelector(".section-status[data-status='not_configured']")))
        .hasSize(4);
    assertThat(driver.findElement(By.cssSelector("#flink-section .section-status")).getText())
        .isEqualTo("Not configured: No Flink REST API is configured (monitor.flink.url)");
    assertThat(driver.findElement(By.cssSelector("#tables-section .section-status")).getText())
        .isEqualTo("Not configured: The query API is off (monitor.trino.url is not set)");
    screenshot("14-pipeline-not-configured");
  }

  /**
   * The pipeline page against the answer shape of {@code GET /v1/pipeline} with every section ok
   * (Flink's part built from answers captured from Flink 2.1.1; the running stack's page is checked
   * by MonitorDashboardIT in infra/stack): what it shows must be what the answer says.
   */
  @Test
  void pipelinePageShowsEverySection() {
    signIn(viewerToken);
    long now = System.currentTimeMillis();
    Map<String, Object> running =
        Map.of(
            "name",
            "watershed-ubc_windows",
            "id",
            "c97c1d04bdc1fe4a7a720dfbb47534e3",
            "state",
            "RUNNING",
            "started_at",
            now - 3 * 3_600_000 - 120_000,
            "running_for_ms",
            3 * 3_600_000 + 120_000,
            "restarts",
            2,
            "checkpoints",
            Map.of("completed", 1093, "failed", 3, "in_progress", 0, "restored", 2),
            "last_checkpoint",
            Map.of("id", 1093, "completed_at", now - 7_000, "duration_ms", 412));
    Map<String, Object> restarting =
        Map.of(
            "name",
            "watershed-ubc_clean",
            "id",
            "2e0f303d76580c0124254b893a8f5ee9",
            "state",
            "RESTARTING",
            "started_at",
            now - 600_000,
            "running_for_ms",
            600_000,
            "checkpoints",
            Map.of("completed", 0, "failed", 0, "in_progress", 0, "restored", 0));
    Map<String, Object> answer =
        Map.of(
            "checked_at",
            now,
            "flink",
            Map.of("status", "ok", "jobs", List.of(restarting, running)),
            "tables",
            Map.of(
                "status",
                "ok",
                "tables",
                List.of(
                    Map.of(
                        "table",
                        "ubc.events",
                        "last_commit",
                        now - 25_000,
                        "snapshots",
                        412,
                        "operation",
                        "append",
                        "total_records",
                        1_204_331),
                    Map.of("table", "ubc.late", "snapshots", 0))),
            "watermarks",
            Map.of(
                "status",
                "ok",
                "watermark",
                now - 70_000,
                "jobs",
                List.of(
                    Map.of(
                        "job",
                        "watershed-ubc_windows",
                        "source",
                        "ws.monitor",
                        "watermark",
                        now - 70_000,
                        "updated_at",
                        now - 9_000))),
            "late",
            Map.of(
                "status",
                "unavailable",
                "message",
                "Cannot count the late records: Trino is unreachable or did not answer in time"
                    + " (details in the server log) (incident 1a2b3c4d)"));
    script(
        """
        const answer = arguments[0];
        const original = window.fetch;
        window.fetch = (url, options) => String(url).startsWith('/v1/pipeline')
          ? Promise.resolve(new Response(JSON.stringify(answer), {status: 200, headers: {'Content-Type': 'application/json'}}))
          : original(url, options);
        """,
        answer);
    driver.findElement(By.cssSelector("#nav a[data-page='pipeline']")).click();
    waitForPage("pipeline");
    assertThat(rowTexts(By.cssSelector("#flink-jobs tbody tr")))
        .containsExactly(
            "watershed-ubc_clean RESTARTING — none yet — — 0",
            "watershed-ubc_windows RUNNING 3 h 2 min 7 s ago (#1093) 412 ms 2 3");
    assertThat(
            driver
                .findElement(By.cssSelector("#flink-jobs tr[data-job='watershed-ubc_windows']"))
                .getAttribute("data-state"))
        .isEqualTo("RUNNING");
    assertThat(driver.findElement(By.id("pipeline-watermark")).getAttribute("data-watermark"))
        .isEqualTo(Long.toString(now - 70_000));
    assertThat(rowTexts(By.cssSelector("#job-watermarks tbody tr")))
        .containsExactly(
            "watershed-ubc_windows ws.monitor %s 70 s 9 s ago".formatted(localTime(now - 70_000)));
    assertThat(rowTexts(By.cssSelector("#lake-tables tbody tr")))
        .containsExactly(
            "ubc.events %s 25 s 412 1,204,331".formatted(localTime(now - 25_000)),
            "ubc.late never — 0 —");
    assertThat(driver.findElement(By.cssSelector("#late-section .section-status")).getText())
        .startsWith("Unavailable: Cannot count the late records: Trino is unreachable");
    screenshot("15-pipeline");
  }

  // ---- helpers

  private void signIn(String token) {
    forgetTheSession();
    driver.navigate().refresh();
    waitFor(By.id("token")).sendKeys(token);
    driver.findElement(By.id("sign-in")).click();
    waitForPage("ubc-ids");
  }

  /** Signs out as closing the tab would: the token in sessionStorage is gone. */
  private void forgetTheSession() {
    driver.get(server.uri() + "/ui/#/signin");
    script("sessionStorage.clear()");
  }

  /** Goes to a hash of the UI and waits until its page has rendered. */
  private void open(String hash, String page) {
    String target = server.uri() + "/ui/" + hash;
    script("document.getElementById('main').dataset.state = 'leaving'");
    if (driver.getCurrentUrl().equals(target)) {
      driver.navigate().refresh();
    } else {
      driver.get(target);
    }
    waitForPage(page);
  }

  private void waitForPage(String page) {
    waitUntil(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("main[data-page='" + page + "'][data-state='ready']")));
  }

  private WebElement waitFor(By locator) {
    return waitUntil(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  /** Waits for a condition; a timeout tells what the page showed and logged. */
  private <T> T waitUntil(ExpectedCondition<T> condition) {
    try {
      return new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "Timed out waiting for %s at %s; the page shows: %s; the console: %s"
              .formatted(
                  condition,
                  driver.getCurrentUrl(),
                  driver.findElement(By.tagName("body")).getText(),
                  browser.scriptErrors()),
          e);
    }
  }

  private Object script(String code, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(code, arguments);
  }

  private String selected(String id) {
    return new Select(driver.findElement(By.id(id))).getFirstSelectedOption().getAttribute("value");
  }

  private List<String> rowTexts(By locator) {
    return driver.findElements(locator).stream().map(WebElement::getText).toList();
  }

  private void screenshot(String name) {
    browser.screenshot(SCREENSHOTS.resolve(name + ".png"));
  }

  private long rulesVersion() {
    return agent.get("/v1/rules").json().path("version").longValue();
  }

  private String issueToken(String name, String role) {
    Answer issued = admin.post("/v1/tokens", Map.of("name", name, "role", role));
    assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
    return issued.json().path("token").textValue();
  }

  /** A time as the page shows it (the browser's zone): yyyy-MM-dd HH:mm:ss. */
  private String localTime(long epochMillis) {
    return (String)
        script(
            """
            const d = new Date(arguments[0]);
            const p = (n) => String(n).padStart(2, '0');
            return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} `
              + `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
            """,
            epochMillis);
  }

  private static List<Double> numbers(List<?> values) {
    return values.stream().map(v -> v == null ? null : ((Number) v).doubleValue()).toList();
  }

  private static JsonNode find(JsonNode items, String field, String value) {
    for (JsonNode item : items) {
      if (value.equals(item.path(field).textValue())) {
        return item;
      }
    }
    throw new AssertionError("no item with " + field + " " + value + " in " + items);
  }
}
