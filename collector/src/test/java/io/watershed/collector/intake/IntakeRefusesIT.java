package io.watershed.collector.intake;

import static io.watershed.collector.intake.HttpCalls.json;
import static io.watershed.collector.intake.HttpCalls.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.watershed.collector.KafkaBroker;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The intake against a real Kafka broker: every refusal, its status, body and headers. */
class IntakeRefusesIT extends IntakeTesting {
  @Test
  void aBadLineIsRefusedWith400NamingItAndNothingIsSent() {
    String topic = kafka.createTopic("bad-line");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));
    String body = "{\"id\":\"a\"}\n{\"id\":\"b\"}\n\n{\"id\": \"c\", oops}\n{\"id\":\"d\"}\n";

    HttpResponse<String> response = calls(server).post("/v1/ubc/client", utf8(body), DEMO);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = json(response);
    assertThat(error.get("error").asText()).isEqualTo("bad_body");
    assertThat(error.get("line").asInt()).isEqualTo(4);
    assertThat(error.get("reason").asText()).startsWith("not JSON: Unexpected character ('o'");
    assertThat(error.get("message").asText())
        .startsWith("Cannot read UBC records at line 4: not JSON");
    assertThat(error.get("retriable").asBoolean()).isFalse();
    assertThat(response.headers().firstValue("Retry-After")).isEmpty();
    assertThat(kafka.read(topic, 0, Duration.ZERO)).isEmpty();
  }

  @Test
  void aBadArrayIsRefusedWith400NamingTheLine() {
    String topic = kafka.createTopic("bad-array");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));

    HttpResponse<String> truncated =
        calls(server)
            .post("/v1/ubc/client", utf8("[{\"id\":\"a\"},\n{\"id\":\"b\"},\n{\"id\""), DEMO);
    HttpResponse<String> trailing =
        calls(server).post("/v1/ubc/client", utf8("[{\"id\":\"a\"}]\n{\"id\":\"b\"}"), DEMO);

    assertThat(truncated.statusCode()).isEqualTo(400);
    assertThat(json(truncated).get("line").asInt()).isEqualTo(3);
    assertThat(json(truncated).get("reason").asText()).contains("end-of-input");
    assertThat(trailing.statusCode()).isEqualTo(400);
    assertThat(json(trailing).get("line").asInt()).isEqualTo(2);
    assertThat(json(trailing).get("reason").asText())
        .isEqualTo("content after the end of the JSON array");
    assertThat(kafka.read(topic, 0, Duration.ZERO)).isEmpty();
  }

  @Test
  void aBodyThatIsNotGzipIsRefusedWith400() {
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), kafka.createTopic("x")));
    Map<String, String> headers = new LinkedHashMap<>(DEMO);
    headers.put("Content-Encoding", "gzip");

    HttpResponse<String> response =
        calls(server).post("/v1/ubc/client", utf8("{\"id\":\"a\"}"), headers);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("message").asText())
        .isEqualTo("Cannot inflate the gzip body: Not in GZIP format");
  }

  @Test
  void aMissingAppKeyIs401() {
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), kafka.createTopic("x")));

    HttpResponse<String> response =
        calls(server).post("/v1/ubc/client", utf8("{\"id\":\"a\"}"), Map.of());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("error").asText()).isEqualTo("missing_app_key");
    assertThat(json(response).get("message").asText())
        .isEqualTo("Cannot accept records: the X-Watershed-App-Key header is missing");
  }

  @Test
  void anUnknownAppKeyIs401AndNothingIsSent() {
    String topic = kafka.createTopic("unknown-key");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));

    HttpResponse<String> response =
        calls(server)
            .post("/v1/ubc/client", utf8("{\"id\":\"a\"}"), Map.of("X-Watershed-App-Key", "shop"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("error").asText()).isEqualTo("unknown_app_key");
    assertThat(response.body()).doesNotContain(TestIntakeConfig.SHOP_KEY);
    assertThat(kafka.read(topic, 0, Duration.ZERO)).isEmpty();
  }

  @Test
  void routesChannelsMethodsAndEncodingsAreChecked() {
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), kafka.createTopic("x")));
    HttpCalls calls = calls(server);

    HttpResponse<String> channel = calls.post("/v1/ubc/desktop", utf8("{}"), DEMO);
    HttpResponse<String> path = calls.post("/v2/events", utf8("{}"), DEMO);
    HttpResponse<String> method = calls.get("/v1/ubc/client");
    Map<String, String> brotli = new LinkedHashMap<>(DEMO);
    brotli.put("Content-Encoding", "br");
    HttpResponse<String> encoding = calls.post("/v1/ubc/client", utf8("{}"), brotli);

    assertThat(channel.statusCode()).isEqualTo(404);
    assertThat(json(channel).get("message").asText())
        .isEqualTo(
            "Cannot accept records for channel 'desktop': unknown channel (client, server or h5)");
    assertThat(path.statusCode()).isEqualTo(404);
    assertThat(method.statusCode()).isEqualTo(405);
    assertThat(method.headers().firstValue("Allow")).hasValue("POST");
    assertThat(encoding.statusCode()).isEqualTo(415);
    assertThat(json(encoding).get("error").asText()).isEqualTo("unsupported_encoding");
  }

  @Test
  void aBodyPastTheLimitIs413() {
    TestIntakeConfig config = new TestIntakeConfig(kafka.bootstrap(), kafka.createTopic("big"));
    config.maxBodyBytes = 64 * 1024;
    IntakeServer server = start(config);
    byte[] body = lines(64 * 1024 + 1);

    HttpResponse<String> declared = calls(server).post("/v1/ubc/client", body, DEMO);
    HttpResponse<String> chunked = calls(server).postChunked("/v1/ubc/client", body, DEMO);
    HttpResponse<String> fits = calls(server).post("/v1/ubc/client", lines(64 * 1024), DEMO);

    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(json(declared).get("message").asText())
        .isEqualTo(
            "Cannot accept a body of 65537 bytes: more than intake.max-body-bytes (65536 bytes)");
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(json(chunked).get("message").asText())
        .isEqualTo("Cannot accept the body: more than intake.max-body-bytes (65536 bytes)");
    assertThat(fits.statusCode()).as(fits.body()).isEqualTo(202);
    assertThat(settledInflightBytes(server)).isZero();
  }

  @Test
  void gzipBombsAre413WithoutBeingInflatedPastTheLimit() {
    TestIntakeConfig config = new TestIntakeConfig(kafka.bootstrap(), kafka.createTopic("bomb"));
    config.maxInflightBytes = 4L * 1024 * 1024;
    IntakeServer server = start(config);
    Map<String, String> headers = new LinkedHashMap<>(DEMO);
    headers.put("Content-Encoding", "gzip");

    // refused by its gzip trailer (1 GiB), and with a trailer claiming 100 bytes, by the cap
    for (byte[] bomb : List.of(GzipBomb.oneGigabyteOfZeros(), GzipBomb.lyingAboutItsSize())) {
      long start = System.nanoTime();
      HttpResponse<String> response = calls(server).post("/v1/ubc/client", bomb, headers);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(bomb.length).isLessThan(config.maxBodyBytes);
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(json(response).get("message").asText())
          .isEqualTo(
              "Cannot accept the gzip body: it inflates to more than intake.max-body-bytes"
                  + " (2097152 bytes)");
      // inflating all of it would take 1 GiB; the 4 MiB budget held what there was, and the
      // answer gave it back
      assertThat(settledInflightBytes(server)).isZero();
      System.out.printf("gzip bomb of %d bytes refused in %d ms%n", bomb.length, took.toMillis());
    }
  }

  @Test
  void aRecordPastItsLimitIs413NamingTheLine() {
    String topic = kafka.createTopic("big-record");
    TestIntakeConfig config = new TestIntakeConfig(kafka.bootstrap(), topic);
    config.maxRecordBytes = 1000;
    IntakeServer server = start(config);
    String body = "{\"id\":\"a\"}\n{\"id\":\"b\",\"pad\":\"" + "x".repeat(1000) + "\"}\n";

    HttpResponse<String> response = calls(server).post("/v1/ubc/client", utf8(body), DEMO);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("error").asText()).isEqualTo("record_too_large");
    assertThat(json(response).get("line").asInt()).isEqualTo(2);
    assertThat(kafka.read(topic, 0, Duration.ZERO)).isEmpty();
  }

  @Test
  void unreachableKafkaGives503WithRetryAfter() {
    TestIntakeConfig config =
        new TestIntakeConfig("127.0.0.1:" + KafkaBroker.freePort(), "ws.raw.ubc");
    config.sendTimeout = Duration.ofSeconds(1);
    config.healthTimeout = Duration.ofMillis(500);
    IntakeServer server = start(config);

    long start = System.nanoTime();
    HttpResponse<String> response =
        calls(server).post("/v1/ubc/client", utf8("{\"id\":\"a\"}\n{\"id\":\"b\"}"), DEMO);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    HttpResponse<String> health = calls(server).get("/health");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
    JsonNode error = json(response);
    assertThat(error.get("error").asText()).isEqualTo("kafka_unavailable");
    assertThat(error.get("retriable").asBoolean()).isTrue();
    assertThat(error.get("message").asText())
        .startsWith("Cannot send records to Kafka topic ws.raw.ubc within intake.send-timeout");
    assertThat(took).isLessThan(Duration.ofSeconds(30));
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(json(health).get("error").asText()).isEqualTo("kafka_unavailable");
    assertThat(calls(server).get("/metrics").body())
        .contains(
            "watershed_intake_errors_total{error_type=\"kafka_unavailable\",stage=\"send\"} 1.0")
        .contains("watershed_intake_discarded_events_total{reason=\"kafka_unavailable\"} 2.0")
        .contains("watershed_intake_http_requests_total{route=\"ubc\",status=\"503\"} 1.0");
    assertThat(settledInflightBytes(server)).isZero();
  }

  @Test
  void aFullInflightBudgetGives503WithRetryAfter() throws Exception {
    TestIntakeConfig config =
        new TestIntakeConfig("127.0.0.1:" + KafkaBroker.freePort(), "ws.raw.ubc");
    config.maxBodyBytes = 64 * 1024;
    config.maxInflightBytes = 100 * 1024;
    config.sendTimeout = Duration.ofSeconds(3);
    IntakeServer server = start(config);
    HttpCalls calls = calls(server);

    CompletableFuture<HttpResponse<String>> holding =
        calls.postAsync(
            "/v1/ubc/client",
            HttpRequest.BodyPublishers.ofByteArray(lines(60 * 1024)),
            DEMO,
            false);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (server.inflightBytes() < 60 * 1024 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    HttpResponse<String> refused = calls.post("/v1/ubc/client", lines(60 * 1024), DEMO);

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(json(refused).get("error").asText()).isEqualTo("overloaded");
    assertThat(json(refused).get("message").asText())
        .isEqualTo(
            "Cannot accept the body now: requests in flight hold 61440 of"
                + " intake.max-inflight-bytes (102400)");
    assertThat(holding.get().statusCode()).isEqualTo(503);
    assertThat(json(holding.get()).get("error").asText()).isEqualTo("kafka_unavailable");
    assertThat(settledInflightBytes(server)).isZero();
  }
}
