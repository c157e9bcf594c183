package io.watershed.collector.intake;

import static io.watershed.collector.intake.HttpCalls.json;
import static io.watershed.collector.intake.HttpCalls.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Bodies the intake refuses whole: not UTF-8, broken gzip, too many records. */
class IntakeBadBodiesIT extends IntakeTesting {
  private static final Map<String, String> GZIP = gzipHeaders();

  @Test
  void utf16Utf32AndOtherNonUtf8BodiesAre400AndNothingIsStored() {
    String topic = kafka.createTopic("not-utf8");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));
    String records = "{\"id\":\"a\",\"s\":\"caf\u00e9\"}\n{\"id\":\"b\"}\n";

    for (Charset charset :
        List.of(
            StandardCharsets.UTF_16,
            StandardCharsets.UTF_16LE,
            Charset.forName("UTF-32"),
            Charset.forName("UTF-32LE"),
            StandardCharsets.ISO_8859_1)) {
      HttpResponse<String> response =
          calls(server).post("/v1/ubc/client", records.getBytes(charset), DEMO);

      assertThat(response.statusCode()).as(charset.name()).isEqualTo(400);
      JsonNode error = json(response);
      assertThat(error.get("error").asText()).isEqualTo("bad_body");
      assertThat(error.get("reason").asText()).as(charset.name()).startsWith("not UTF-8");
    }
    assertThat(kafka.read(topic, 0, Duration.ZERO)).isEmpty();
  }

  @Test
  void brokenGzipIs400NamingTheGzipErrorAndNothingIsStored() throws Exception {
    String topic = kafka.createTopic("bad-gzip");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));
    byte[] gzip = gzip(utf8("{\"id\":\"a\"}\n".repeat(1000)));
    byte[] truncated = Arrays.copyOf(gzip, gzip.length - 3);
    byte[] trailing = concat(gzip, utf8("{\"id\":\"smuggled\"}"));
    byte[] zeros = concat(gzip, new byte[4]);

    HttpResponse<String> truncatedAnswer = calls(server).post("/v1/ubc/client", truncated, GZIP);
    HttpResponse<String> trailingAnswer = calls(server).post("/v1/ubc/client", trailing, GZIP);
    HttpResponse<String> zerosAnswer = calls(server).post("/v1/ubc/client", zeros, GZIP);

    for (HttpResponse<String> response : List.of(truncatedAnswer, trailingAnswer, zerosAnswer)) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(json(response).get("error").asText()).isEqualTo("bad_gzip");
      assertThat(json(response).get("message").asText())
          .startsWith("Cannot inflate the gzip body: ");
    }
    assertThat(json(truncatedAnswer).get("message").asText())
        .isEqualTo("Cannot inflate the gzip body: the data ends inside a gzip member (truncated)");
    assertThat(json(trailingAnswer).get("message").asText())
        .isEqualTo(
            "Cannot inflate the gzip body: 17 byte(s) after the end of the gzip data that start"
                + " no gzip member");
    assertThat(json(zerosAnswer).get("message").asText())
        .isEqualTo(
            "Cannot inflate the gzip body: 4 byte(s) after the end of the gzip data that start no"
                + " gzip member");
    assertThat(kafka.read(topic, 0, Duration.ZERO)).isEmpty();
    assertThat(settledInflightBytes(server)).isZero();
  }

  @Test
  void moreRecordsThanTheCapIs400NamingItAndNothingIsStored() throws Exception {
    String topic = kafka.createTopic("many");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));
    byte[] ones = utf8("1\n".repeat(20_000)); // 40 KB, 20,000 records

    HttpResponse<String> plain = calls(server).post("/v1/ubc/client", ones, DEMO);
    HttpResponse<String> gzipped = calls(server).post("/v1/ubc/client", gzip(ones), GZIP);

    for (HttpResponse<String> response : List.of(plain, gzipped)) {
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(json(response).get("error").asText()).isEqualTo("too_many_records");
      assertThat(json(response).get("message").asText())
          .isEqualTo(
              "Cannot read UBC records at line 10001: more than intake.max-request-records"
                  + " (10000) records in one request");
    }
    assertThat(kafka.read(topic, 0, Duration.ZERO)).isEmpty();
  }

  @Test
  void exactlyTheCapIsAccepted() {
    String topic = kafka.createTopic("cap");
    TestIntakeConfig config = new TestIntakeConfig(kafka.bootstrap(), topic);
    config.maxRequestRecords = 50;
    IntakeServer server = start(config);
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      body.append("{\"n\":").append(i).append("}\n");
    }

    HttpResponse<String> fits = calls(server).post("/v1/ubc/client", utf8(body.toString()), DEMO);
    HttpResponse<String> over =
        calls(server).post("/v1/ubc/client", utf8(body + "{\"n\":50}"), DEMO);

    assertThat(fits.statusCode()).isEqualTo(202);
    assertThat(json(fits).get("accepted").asInt()).isEqualTo(50);
    assertThat(over.statusCode()).isEqualTo(400);
    assertThat(json(over).get("message").asText()).contains("intake.max-request-records (50)");
    List<ConsumerRecord<byte[], byte[]>> landed = byIndex(kafka.read(topic, 50, READ_TIMEOUT));
    assertThat(landed).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(text(landed.get(i).value())).isEqualTo("{\"n\":" + i + "}");
    }
  }

  private static Map<String, String> gzipHeaders() {
    Map<String, String> headers = new LinkedHashMap<>(DEMO);
    headers.put("Content-Encoding", "gzip");
    return Map.copyOf(headers);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] result = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, result, first.length, second.length);
    return result;
  }
}
