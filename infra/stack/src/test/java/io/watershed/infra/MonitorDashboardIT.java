package io.watershed.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watershed.bench.traffic.GeneratedRecord;
import io.watershed.bench.traffic.TrafficSender;
import io.watershed.bench.traffic.UbcTraffic;
import io.watershed.kit.testing.ChromiumBrowser;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.datasketches.theta.UpdateSketch;
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
 * The running stack's web UI as a person uses it (issue 18), in Debian's Chromium (skipped only
 * without {@code /usr/bin/chromium}): signed in with the stack's admin token, the dashboard of a
 * UBC ID of this test's own, whose windows it writes into lake.ubc.metrics_1m through Trino, plots
 * exactly what a Trino query of those windows gives (the chart's data and the table under it,
 * grouped by d1 and, changed in the controls, the total duration); the watermark shown moves when
 * the stack's watermark advances (records reported now, posted to the intake); the pipeline page
 * shows the four jobs RUNNING, each lake table's last commit, the watermark and the late records as
 * Trino counts them. Screenshots in {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorDashboardIT {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long MINUTE = 60_000;
  private static final int MINUTES = 30;
  private static final List<String> OS = List.of("android", "ios", "harmony");
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(40);
  private static final Duration WATERMARK_TIMEOUT = Duration.ofMinutes(6);
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);

  private LocalStack stack;
  private String ubc;
  private long start;
  private long windowsWrittenAt;
  private ChromiumBrowser browser;
  private ChromeDriver driver;

  @BeforeAll
  void start(@TempDir Path directory) throws Exception {
    assumeTrue(
        ChromiumBrowser.installed(),
        "Browser tests skipped: /usr/bin/chromium is absent (apt-get install chromium"
            + " chromium-driver; .ci/run does)");
    stack = TestStack.shared();
    ubc = TestStack.unique("ui");
    // a flow log with d1 = the OS, so the dashboard offers grouping by d1 and the duration
    api(
        "POST",
        "/v1/ubc-ids",
        Map.of(
            "id",
            ubc,
            "name",
            "dashboard test",
            "description",
            "windows written by MonitorDashboardIT",
            "logType",
            "flow",
            "owner",
            "watershed-it",
            "params",
            List.of()),
        201);
    api(
        "POST",
        "/v1/ubc-ids/" + ubc + "/dimensions",
        Map.of(
            "slot",
            1,
            "source",
            "common.os",
            "mapping",
            "one-to-one",
            "normalise",
            List.of("trim", "lower-case"),
            "label",
            "OS"),
        201);
    writeWindows();
    browser = ChromiumBrowser.start(directory.resolve("chromium-profile"));
    driver = browser.driver();
    signIn();
  }

  /**
   * Half an hour of minute windows two days back (final long ago), one row per OS a minute, pv and
   * duration uneven by OS and minute; harmony misses some minutes, which the chart shows as gaps.
   */
  private void writeWindows() throws SQLException {
    start = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toEpochMilli();
    List<String> rows = new ArrayList<>();
    for (int minute = 0; minute < MINUTES; minute++) {
      for (int os = 0; os < OS.size(); os++) {
        if (os == 2 && minute % 7 == 3) {
          continue;
        }
        long pv = (os + 1) * 40L + (minute * 7L + os * 3L) % 23;
        UpdateSketch devices = UpdateSketch.builder().build();
        for (int device = 0; device < 3 + minute % 5; device++) {
          devices.update(OS.get(os) + "-" + device);
        }
        rows.add(
            "(%s, %s, '%s', 'flow', '%s', NULL, NULL, NULL, NULL, NULL, %d, %d, X'%s', 1)"
                .formatted(
                    timestamp(start + minute * MINUTE),
                    timestamp(start + (minute + 1) * MINUTE),
                    ubc,
                    OS.get(os),
                    pv,
                    pv * 1500 + minute,
                    HexFormat.of().formatHex(devices.compact().toByteArray())));
      }
    }
    windowsWrittenAt = System.currentTimeMillis();
    try (Connection trino = TrinoQueries.connect(stack);
        Statement statement = trino.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO lake.ubc.metrics_1m VALUES\n" + String.join(",\n", rows));
    }
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (ubc != null && stack != null) {
        // its rules go; the windows stay in the lake, as other tests' do
        api("DELETE", "/v1/ubc-ids/" + ubc, null, 200);
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
  void theDashboardPlotsTheWindowsAsTrinoCountsThem() throws Exception {
    long to = start + MINUTES * MINUTE;
    open(
        "#/dashboard?ubc=%s&metric=pv&step=1m&from=%d&to=%d&group=d1&top=5"
            .formatted(ubc, start, to),
        "dashboard");
    waitFor(By.id("series-table"));
    Map<String, Map<Long, Long>> expected = new LinkedHashMap<>();
    for (String os : OS) {
      expected.put(
          os,
          trino(
              "SELECT CAST(to_unixtime(window_start) * 1000 AS bigint), sum(pv)"
                  + " FROM lake.ubc.metrics_1m WHERE ubc = '%s' AND d1 = '%s' AND %s GROUP BY 1"
                      .formatted(ubc, os, range(start, to))));
    }
    assertThat(expected.get("harmony")).hasSize(MINUTES - 4);
    // the series are ranked by total pv: harmony, ios, android; "other" (no fourth OS) is empty
    Map<String, Map<Long, Long>> ranked = reversed(expected);
    ranked.put("other", Map.of());
    assertThat(plotted()).containsExactlyEntriesOf(ranked);
    assertThat(table()).isEqualTo(plotted());
    assertThat(driver.findElement(By.id("watermark")).getText())
        .contains("%d window(s) of 1m, 4 series".formatted(MINUTES));
    screenshot("01-dashboard-pv-by-os");

    // as a person would: the total duration, no grouping, through the controls
    new Select(driver.findElement(By.id("metric"))).selectByValue("duration");
    new Select(driver.findElement(By.id("group"))).selectByValue("");
    markLeaving();
    driver.findElement(By.id("apply")).click();
    waitUntil(ExpectedConditions.urlContains("metric=duration"));
    waitForPage("dashboard");
    waitFor(By.id("series-table"));
    assertThat(driver.getCurrentUrl()).doesNotContain("group=");
    Map<String, Map<Long, Long>> duration =
        Map.of(
            "total",
            trino(
                "SELECT CAST(to_unixtime(window_start) * 1000 AS bigint), sum(duration_ms)"
                    + " FROM lake.ubc.metrics_1m WHERE ubc = '%s' AND %s GROUP BY 1"
                        .formatted(ubc, range(start, to))));
    assertThat(duration.get("total")).hasSize(MINUTES);
    assertThat(plotted()).isEqualTo(duration);
    assertThat(table()).isEqualTo(duration);
    screenshot("02-dashboard-duration");
  }

  @Test
  void theWatermarkShownMovesWithTheStacks() throws Exception {
    String dashboard = "#/dashboard?ubc=ubc_0003&metric=pv&step=1m&range=1h";
    open(dashboard, "dashboard");
    waitFor(By.id("watermark"));
    String before = shownWatermark();
    String beforeText = driver.findElement(By.id("watermark")).getText();
    screenshot("03-dashboard-watermark-before");

    // records reported now, a batch every few seconds: each minute they pass closes
    long deadline = System.nanoTime() + WATERMARK_TIMEOUT.toNanos();
    String after = before;
    while (after.equals(before) && System.nanoTime() < deadline) {
      postRecordsReportedNow(20);
      Thread.sleep(8_000);
      open(dashboard, "dashboard");
      waitFor(By.id("watermark"));
      after = shownWatermark();
    }
    assertThat(after)
        .as("the watermark shown within %s of records reported now", WATERMARK_TIMEOUT)
        .isNotEqualTo(before)
        .isNotEmpty();
    if (!before.isEmpty()) {
      assertThat(Long.parseLong(after)).isGreaterThan(Long.parseLong(before));
    }
    assertThat(driver.findElement(By.id("watermark")).getText()).isNotEqualTo(beforeText);
    // what the page shows is the job's watermark in lake.ops.progress: at most the one read now
    assertThat(Long.parseLong(after)).isLessThanOrEqualTo(directWatermark());
    screenshot("04-dashboard-watermark-after");
  }

  @Test
  void thePipelinePageShowsTheJobsRunningAndTheLake() throws Exception {
    // another test may have just restarted a job: wait until the page shows all four running
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    List<String> states = List.of();
    do {
      open("#/pipeline", "pipeline");
      states = jobStates();
      if (states.stream().allMatch("RUNNING"::equals)) {
        break;
      }
      Thread.sleep(5_000);
    } while (System.nanoTime() < deadline);
    assertThat(states).as(JobsComponent.JOBS.toString()).containsOnly("RUNNING");
    assertThat(driver.findElements(By.cssSelector(".section-status")))
        .as("sections not ok on the page: %s", driver.findElement(By.id("main")).getText())
        .isEmpty();

    // each lake table, with its newest commit: metrics_1m's at or after this test's windows
    Map<String, Long> commits = new LinkedHashMap<>();
    for (WebElement row : driver.findElements(By.cssSelector("#lake-tables tbody tr"))) {
      String commit = row.getAttribute("data-last-commit");
      commits.put(row.getAttribute("data-table"), commit.isEmpty() ? null : Long.parseLong(commit));
    }
    assertThat(commits.keySet())
        .containsExactly(
            "logs.lines",
            "ubc.events",
            "ubc.rejects",
            "ubc.metrics_1m",
            "ubc.metrics_5m",
            "ubc.late",
            "ops.progress");
    try (Connection trino = TrinoQueries.connect(stack)) {
      assertThat(
              TrinoQueries.column(
                  trino,
                  "SELECT table_schema || '.' || table_name FROM lake.information_schema.tables"
                      + " WHERE table_schema IN ('logs', 'ubc', 'ops')"))
          .containsAll(commits.keySet());
    }
    assertThat(commits.get("ubc.metrics_1m")).isGreaterThanOrEqualTo(windowsWrittenAt - 1_000);
    assertThat(commits.get("ubc.events")).isNotNull();

    // the watermark, and the late records of the hour up to it as Trino counts them
    String watermark =
        driver.findElement(By.id("pipeline-watermark")).getAttribute("data-watermark");
    assertThat(watermark).isNotEmpty();
    assertThat(Long.parseLong(watermark)).isLessThanOrEqualTo(directWatermark());
    WebElement late = driver.findElement(By.id("late-rate"));
    long from = Long.parseLong(late.getAttribute("data-from"));
    long to = Long.parseLong(late.getAttribute("data-to"));
    assertThat(to).isEqualTo(Long.parseLong(watermark));
    assertThat(to - from).isEqualTo(Duration.ofHours(1).toMillis());
    try (Connection trino = TrinoQueries.connect(stack)) {
      // the windows before the watermark are final; late records can only be added
      assertThat(Long.parseLong(late.getAttribute("data-counted")))
          .isEqualTo(
              Long.parseLong(
                  TrinoQueries.column(
                          trino,
                          "SELECT coalesce(sum(pv), 0) FROM lake.ubc.metrics_1m WHERE "
                              + range(from, to))
                      .get(0)));
      assertThat(Long.parseLong(late.getAttribute("data-late")))
          .isLessThanOrEqualTo(
              Long.parseLong(
                  TrinoQueries.column(
                          trino,
                          "SELECT count(DISTINCT event_id) FROM lake.ubc.late WHERE "
                              + range(from, to).replace("window_start", "report_ts"))
                      .get(0)));
    }
    screenshot("05-pipeline");
  }

  // ---- the page

  private void signIn() {
    driver.get(stack.config().monitorUri() + "/ui/#/signin");
    script("sessionStorage.clear()");
    driver.navigate().refresh();
    waitFor(By.id("token")).sendKeys(MonitorComponent.ADMIN_TOKEN);
    driver.findElement(By.id("sign-in")).click();
    waitForPage("ubc-ids");
    assertThat(driver.findElement(By.id("who-role")).getText()).isEqualTo("admin");
  }

  /** Goes to a hash of the UI (again: the page renders anew) and waits until it has rendered. */
  private void open(String hash, String page) {
    String target = stack.config().monitorUri() + "/ui/" + hash;
    markLeaving();
    if (driver.getCurrentUrl().equals(target)) {
      driver.navigate().refresh();
    } else {
      driver.get(target);
    }
    waitForPage(page);
  }

  private void markLeaving() {
    script("document.getElementById('main').dataset.state = 'leaving'");
  }

  private void waitForPage(String page) {
    waitUntil(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("main[data-page='" + page + "'][data-state='ready']")));
  }

  private WebElement waitFor(By locator) {
    return waitUntil(ExpectedConditions.presenceOfElementLocated(locator));
  }

  private <T> T waitUntil(ExpectedCondition<T> condition) {
    try {
      return new WebDriverWait(driver, PAGE_TIMEOUT).until(condition);
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

  /** What uPlot draws: series label to window start to value, the gaps (nulls) left out. */
  private Map<String, Map<Long, Long>> plotted() {
    @SuppressWarnings("unchecked")
    Map<String, Object> chart =
        (Map<String, Object>)
            script(
                "const plot = document.getElementById('chart').plot;"
                    + " return {labels: plot.series.map((s) => s.label), data: plot.data};");
    @SuppressWarnings("unchecked")
    List<String> labels = (List<String>) chart.get("labels");
    @SuppressWarnings("unchecked")
    List<List<Object>> data = (List<List<Object>>) chart.get("data");
    Map<String, Map<Long, Long>> series = new LinkedHashMap<>();
    for (int i = 1; i < labels.size(); i++) {
      Map<Long, Long> points = new TreeMap<>();
      for (int row = 0; row < data.get(0).size(); row++) {
        Object value = data.get(i).get(row);
        if (value != null) {
          points.put(((Number) data.get(0).get(row)).longValue(), exact((Number) value));
        }
      }
      series.put(labels.get(i), points);
    }
    return series;
  }

  /** The numbers in the table under the chart: series to window start to value. */
  private Map<String, Map<Long, Long>> table() {
    List<String> names =
        driver.findElements(By.cssSelector("#series-table th[data-series]")).stream()
            .map(th -> th.getAttribute("data-series"))
            .toList();
    Map<String, Map<Long, Long>> series = new LinkedHashMap<>();
    names.forEach(name -> series.put(name, new TreeMap<>()));
    for (WebElement row : driver.findElements(By.cssSelector("#series-table tbody tr[data-t]"))) {
      long time = Long.parseLong(row.getAttribute("data-t"));
      List<WebElement> cells = row.findElements(By.cssSelector("td[data-value]"));
      assertThat(cells).hasSameSizeAs(names);
      for (int i = 0; i < names.size(); i++) {
        String value = cells.get(i).getAttribute("data-value");
        if (!value.isEmpty()) {
          series.get(names.get(i)).put(time, exact(Double.parseDouble(value)));
        }
      }
    }
    return series;
  }

  private String shownWatermark() {
    return driver.findElement(By.id("watermark")).getAttribute("data-watermark");
  }

  private List<String> jobStates() {
    List<String> states = new ArrayList<>();
    for (String job : JobsComponent.JOBS) {
      List<WebElement> rows =
          driver.findElements(By.cssSelector("#flink-jobs tr[data-job='watershed-" + job + "']"));
      states.add(rows.isEmpty() ? "missing" : rows.get(0).getAttribute("data-state"));
    }
    return states;
  }

  private void screenshot(String name) {
    browser.screenshot(SCREENSHOTS.resolve(name + ".png"));
  }

  private Object script(String code, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(code, arguments);
  }

  // ---- the stack

  /** Posts {@code count} generated records whose report time is now to the stack's intake. */
  private void postRecordsReportedNow(int count) throws Exception {
    long now = System.currentTimeMillis();
    List<GeneratedRecord> records = new ArrayList<>();
    for (GeneratedRecord record :
        new UbcTraffic(
            new UbcTraffic.Options(
                ThreadLocalRandom.current().nextLong(1_000_000, 9_999_999), count, 0, now, 50))) {
      String json =
          record
              .json()
              .replace("\"ts\":" + record.ts() + ",", "\"ts\":" + (now - 500) + ",")
              .replace("\"rts\":" + record.rts() + ",", "\"rts\":" + now + ",");
      records.add(
          new GeneratedRecord(
              record.eventId(),
              record.ubc(),
              record.logType(),
              record.intakeChannel(),
              now - 500,
              now,
              record.durationMs(),
              record.valid(),
              record.invalidKind(),
              json));
    }
    TrafficSender.Summary summary =
        new TrafficSender(stack.config().intakeUri(), "demo", 50, 0)
            .send(records, new PrintStream(PrintStream.nullOutputStream()));
    assertThat(summary.accepted()).isEqualTo(count);
  }

  /** The UBC windows' watermark in lake.ops.progress now, epoch ms. */
  private long directWatermark() throws SQLException {
    try (Connection trino = TrinoQueries.connect(stack)) {
      return Long.parseLong(
          TrinoQueries.column(
                  trino,
                  "SELECT CAST(floor(to_unixtime(max(\"watermark\")) * 1000) AS bigint)"
                      + " FROM lake.ops.progress WHERE job = 'watershed-ubc_windows'"
                      + " AND source NOT LIKE 'gap %'")
              .get(0));
    }
  }

  /** A two-column query: the first a window start in epoch ms, the second a whole number. */
  private Map<Long, Long> trino(String sql) throws SQLException {
    Map<Long, Long> values = new TreeMap<>();
    try (Connection trino = TrinoQueries.connect(stack);
        Statement statement = trino.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      while (resultSet.next()) {
        values.put(resultSet.getLong(1), resultSet.getLong(2));
      }
    }
    return values;
  }

  private JsonNode api(String method, String path, Object body, int status) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(stack.config().monitorUri() + path))
            .header("Authorization", "Bearer " + MonitorComponent.ADMIN_TOKEN)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), UTF_8));
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(status);
    return JSON.readTree(response.body());
  }

  private static String range(long from, long to) {
    return "window_start >= %s AND window_start < %s".formatted(timestamp(from), timestamp(to));
  }

  private static String timestamp(long millis) {
    return "TIMESTAMP '" + TIMESTAMP.format(Instant.ofEpochMilli(millis)) + "'";
  }

  /** A whole number as plotted (JavaScript numbers come back as Long or Double). */
  private static long exact(Number value) {
    double number = value.doubleValue();
    assertThat(number).as("a whole number").isEqualTo(Math.rint(number));
    return (long) number;
  }

  private static Map<String, Map<Long, Long>> reversed(Map<String, Map<Long, Long>> series) {
    List<String> names = new ArrayList<>(series.keySet());
    Map<String, Map<Long, Long>> reversed = new LinkedHashMap<>();
    for (int i = names.size() - 1; i >= 0; i--) {
      reversed.put(names.get(i), series.get(names.get(i)));
    }
    return reversed;
  }
}
