package io.watershed.collector.agent.internal.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.agent.Processing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Transforms on single records: exact output, unreadable records passed unchanged. */
class RecordTransformsTest {
  private static final Processing.Transform NGINX =
      new Processing.Transform("nginx", Processing.TransformType.NGINX, List.of(), Map.of());

  private static RecordTransforms.Result apply(String record, Processing.Transform... transforms) {
    return new RecordTransforms(List.of(transforms)).apply(record.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(RecordTransforms.Result result) {
    return new String(result.value(), StandardCharsets.UTF_8);
  }

  @Test
  void nginxCombinedLineBecomesJson() {
    RecordTransforms.Result result =
        apply(
            "10.0.0.7 - alice [22/Nov/2026:06:30:02 +0000] \"POST /o?id=1 HTTP/2.0\" 201 87"
                + " \"https://r.example/\" \"curl/8.5.0\"",
            NGINX);

    assertThat(result.skipped()).isNull();
    assertThat(text(result))
        .isEqualTo(
            "{\"remote_addr\":\"10.0.0.7\",\"remote_user\":\"alice\",\"time_local\":"
                + "\"22/Nov/2026:06:30:02 +0000\",\"request\":\"POST /o?id=1 HTTP/2.0\","
                + "\"method\":\"POST\",\"path\":\"/o?id=1\",\"protocol\":\"HTTP/2.0\","
                + "\"status\":201,\"body_bytes_sent\":87,\"http_referer\":\"https://r.example/\","
                + "\"http_user_agent\":\"curl/8.5.0\"}");
  }

  @Test
  void unreadableRecordsPassUnchangedAndAreNamed() {
    Processing.Transform drop =
        new Processing.Transform(
            "drop", Processing.TransformType.DROP_FIELDS, List.of("a"), Map.of());

    RecordTransforms.Result notNginx = apply("plain text", NGINX, drop);
    assertThat(text(notNginx)).isEqualTo("plain text");
    assertThat(notNginx.skipped()).isEqualTo("nginx,drop");

    RecordTransforms.Result trailing = apply("{\"a\":1} x", drop);
    assertThat(text(trailing)).isEqualTo("{\"a\":1} x");
    assertThat(trailing.skipped()).isEqualTo("drop");

    assertThat(apply("[1,2]", drop).skipped()).isEqualTo("drop");
    assertThat(apply("", drop).skipped()).isEqualTo("drop");
  }

  @Test
  void dropAndRenameKeepOrderAndNumbers() {
    Processing.Transform drop =
        new Processing.Transform(
            "drop", Processing.TransformType.DROP_FIELDS, List.of("secret", "absent"), Map.of());
    Processing.Transform rename =
        new Processing.Transform(
            "rename",
            Processing.TransformType.RENAME_FIELDS,
            List.of(),
            Map.of("lvl", "level", "msg", "message"));

    RecordTransforms.Result result =
        apply(
            "{\"ts\":1.10,\"lvl\":\"info\",\"secret\":\"x\",\"level\":\"old\",\"big\":"
                + "123456789012345678901234567890,\"msg\":\"héllo\"}",
            drop,
            rename);

    assertThat(result.skipped()).isNull();
    assertThat(text(result))
        .isEqualTo(
            "{\"ts\":1.10,\"level\":\"info\",\"big\":123456789012345678901234567890,"
                + "\"message\":\"héllo\"}");
  }
}
