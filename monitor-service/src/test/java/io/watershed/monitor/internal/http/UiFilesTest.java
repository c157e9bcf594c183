package io.watershed.monitor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.monitor.internal.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which paths below /ui/ map to which resources, and what the answers carry. */
class UiFilesTest {
  private final UiFiles files = UiFiles.fromClasspath();

  @Test
  void mapsPagesAndTheChartLibrary() {
    assertThat(files.resource("")).isEqualTo("io/watershed/monitor/ui/index.html");
    assertThat(files.resource("app.js")).isEqualTo("io/watershed/monitor/ui/app.js");
    assertThat(files.resource("lib/uPlot.esm.js"))
        .isEqualTo("META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.esm.js");
  }

  @Test
  void refusesEverythingElse() {
    for (String path :
        new String[] {
          "..",
          "../openapi.json",
          "lib/../app.js",
          ".hidden.js",
          "a/b.js",
          "lib/x/y.js",
          "app.class",
          "app",
          "app.js/",
          "/app.js",
          "lib//a.js",
          "a..js",
          "a\\\\b.js",
          "a b.js",
          "lib",
          "lib/",
          "app.js.",
          "MonitorHttpHandler.class",
          "logback.xml"
        }) {
      assertThat(files.resource(path)).as(path).isNull();
    }
  }

  @Test
  void servesWithTypeValidatorsAndSecurityHeaders() {
    Reply page = files.serve("", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
    assertThat(new String(page.raw(), StandardCharsets.UTF_8)).contains("<script type=\"module\"");
    assertThat(page.headers())
        .containsEntry("Cache-Control", "no-cache")
        .containsEntry("X-Content-Type-Options", "nosniff")
        .containsEntry("X-Frame-Options", "DENY")
        .containsKey("ETag");
    assertThat(page.headers().get("Content-Security-Policy"))
        .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe");

    Reply library = files.serve("lib/uPlot.esm.js", null);
    assertThat(library.contentType()).isEqualTo("text/javascript; charset=utf-8");
    assertThat(new String(library.raw(), StandardCharsets.UTF_8)).contains("export");
    assertThat(files.serve("lib/uPlot.min.css", null).contentType())
        .isEqualTo("text/css; charset=utf-8");

    Reply again = files.serve("", page.headers().get("ETag"));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.headers()).containsEntry("ETag", page.headers().get("ETag"));
    assertThat(files.serve("", "\"other\"").status()).isEqualTo(200);
  }

  @Test
  void answers404ForMissingOrRefusedFiles() {
    assertThatThrownBy(() -> files.serve("missing.js", null))
        .isInstanceOf(ApiException.class)
        .hasMessage("Cannot find UI file missing.js: the UI starts at /ui/");
    assertThatThrownBy(() -> files.serve("../openapi.json", null))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("Cannot find UI file");
  }
}
