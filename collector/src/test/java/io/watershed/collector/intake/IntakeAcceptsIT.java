package io.watershed.collector.intake;

import static io.watershed.collector.intake.HttpCalls.json;
import static io.watershed.collector.intake.HttpCalls.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The intake against a real Kafka broker: what it accepts, and exactly what lands in Kafka. */
class IntakeAcceptsIT extends IntakeTesting {
  @Test
  void jsonLinesAreAcceptedOnceKafkaHasThemWithProvenance() {
    String topic = kafka.createTopic("lines");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));
    List<String> records =
        List.of(
            "{\"id\":\"e1\",\"ubc\":\"3001\",\"type\":\"event\",\"ts\":1767225600000,\"rts\":1767225601000,\"common\":{\"os\":\"android\",\"did\":\"d1\"},\"ext\":{\"page\":\"home\"}}",
            " {\"id\":\"e2\",\"ubc\":\"3002\",\"type\":\"flow\",\"dur\":1200,\"s\":\"caf\u00e9 \u4e2d\"} ",
            "{\"id\":\"e3\",\"ubc\":\"3001\",\"type\":\"event\"}");
    String body = records.get(0) + "\n\n" + records.get(1) + "\r\n" + records.get(2);
    long before = System.currentTimeMillis();

    HttpResponse<String> response =
        calls(server)
            .post(
                "/v1/ubc/client",
                utf8(body),
                Map.of("X-Watershed-App-Key", TestIntakeConfig.SHOP_KEY));

    long after = System.currentTimeMillis();
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(json(response).toString()).isEqualTo("{\"accepted\":3}");
    String batchId = response.headers().firstValue("X-Watershed-Batch-Id").orElseThrow();
    assertThat(UUID.fromString(batchId).toString()).isEqualTo(batchId);
    List<ConsumerRecord<byte[], byte[]>> landed = byIndex(kafka.read(topic, 3, READ_TIMEOUT));
    assertThat(landed).hasSize(3);
    for (int i = 0; i < 3; i++) {
      ConsumerRecord<byte[], byte[]> record = landed.get(i);
      assertThat(text(record.value())).isEqualTo(records.get(i));
      assertThat(record.key()).isNull();
      assertThat(headerNames(record))
          .containsExactly("app", "channel", "batch_id", "batch_index", "receive_ts");
      assertThat(header(record, "app")).isEqualTo("shop");
      assertThat(header(record, "channel")).isEqualTo("client");
      assertThat(header(record, "batch_id")).isEqualTo(batchId);
      assertThat(header(record, "batch_index")).isEqualTo(Integer.toString(i));
      long receiveTs = Long.parseLong(header(record, "receive_ts"));
      assertThat(receiveTs).isBetween(before, after);
      assertThat(record.timestamp()).isEqualTo(receiveTs);
    }
  }

  @Test
  void jsonArrayElementsArriveAsTheirExactText() {
    String topic = kafka.createTopic("array");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));
    String body =
        "[\n  {\"id\":\"a\", \"ubc\" : \"3001\",\"ext\":{\"k\":[1, 2]}} ,\n"
            + "{\"id\":\"b\",\"s\":\"\\\"quoted\\\" \u00e9\"},{\"id\":\"c\"}\n]\n";

    HttpResponse<String> response = calls(server).post("/v1/ubc/h5", utf8(body), DEMO);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(json(response).get("accepted").asInt()).isEqualTo(3);
    List<ConsumerRecord<byte[], byte[]>> landed = byIndex(kafka.read(topic, 3, READ_TIMEOUT));
    assertThat(landed)
        .extracting(record -> text(record.value()))
        .containsExactly(
            "{\"id\":\"a\", \"ubc\" : \"3001\",\"ext\":{\"k\":[1, 2]}}",
            "{\"id\":\"b\",\"s\":\"\\\"quoted\\\" \u00e9\"}",
            "{\"id\":\"c\"}");
    assertThat(landed).extracting(record -> header(record, "channel")).containsOnly("h5");
    assertThat(landed).extracting(record -> header(record, "app")).containsOnly("demo");
  }

  @Test
  void eachRequestGoesToOnePartitionAndTheNextToTheNext() {
    String topic = kafka.createTopic("round-robin");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));
    for (int request = 0; request < 4; request++) {
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        body.append("{\"id\":\"r").append(request).append('-').append(i).append("\"}\n");
      }
      HttpResponse<String> response =
          calls(server).post("/v1/ubc/client", utf8(body.toString()), DEMO);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    List<ConsumerRecord<byte[], byte[]>> landed = kafka.read(topic, 12, READ_TIMEOUT);

    assertThat(landed).hasSize(12);
    java.util.Map<String, java.util.Set<Integer>> partitionsOfBatch = new java.util.HashMap<>();
    java.util.Map<Integer, Integer> recordsOfPartition = new java.util.HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : landed) {
      partitionsOfBatch
          .computeIfAbsent(header(record, "batch_id"), id -> new java.util.HashSet<>())
          .add(record.partition());
      recordsOfPartition.merge(record.partition(), 1, Integer::sum);
    }
    assertThat(partitionsOfBatch)
        .hasSize(4)
        .allSatisfy((id, parts) -> assertThat(parts).hasSize(1));
    // Two partitions, four requests in turn: six records each, none idle.
    assertThat(recordsOfPartition).containsEntry(0, 6).containsEntry(1, 6);
  }

  @Test
  void gzipBodiesAreInflated() throws Exception {
    String topic = kafka.createTopic("gzip");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      lines.append("{\"id\":\"g").append(i).append("\",\"ubc\":\"3001\",\"type\":\"event\"}\n");
    }
    Map<String, String> headers = new LinkedHashMap<>(DEMO);
    headers.put("Content-Encoding", "gzip");

    HttpResponse<String> plain =
        calls(server).post("/v1/ubc/server", gzip(utf8(lines.toString())), headers);
    HttpResponse<String> chunked =
        calls(server)
            .postChunked("/v1/ubc/server", gzip(utf8("[{\"id\":\"x\"},{\"id\":\"y\"}]")), headers);

    assertThat(plain.statusCode()).as(plain.body()).isEqualTo(202);
    assertThat(json(plain).get("accepted").asInt()).isEqualTo(500);
    assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(202);
    assertThat(json(chunked).get("accepted").asInt()).isEqualTo(2);
    List<ConsumerRecord<byte[], byte[]>> landed = kafka.read(topic, 502, READ_TIMEOUT);
    assertThat(landed).hasSize(502);
    assertThat(landed)
        .extracting(record -> text(record.value()))
        .contains("{\"id\":\"g0\",\"ubc\":\"3001\",\"type\":\"event\"}", "{\"id\":\"y\"}");
  }

  @Test
  void validJsonThatIsNotUbcIsAcceptedForThePipelineToReject() {
    String topic = kafka.createTopic("not-ubc");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));
    List<String> records =
        List.of(
            "{\"hello\":\"world\"}",
            "{\"id\":\"e1\",\"ubc\":3001,\"type\":\"bogus\",\"ts\":\"yesterday\"}",
            "{\"id\":\"e2\",\"type\":\"event\",\"dur\":5}",
            "42",
            "\"a string\"",
            "[1,2,3]",
            "null");

    HttpResponse<String> response =
        calls(server).post("/v1/ubc/client", utf8(String.join("\n", records)), DEMO);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(json(response).get("accepted").asInt()).isEqualTo(7);
    assertThat(byIndex(kafka.read(topic, 7, READ_TIMEOUT)))
        .extracting(record -> text(record.value()))
        .containsExactlyElementsOf(records);
  }

  @Test
  void concurrentPostsUnderATightBudgetLoseNothingAndAddNothing() throws Exception {
    String topic = kafka.createTopic("concurrent");
    TestIntakeConfig config = new TestIntakeConfig(kafka.bootstrap(), topic);
    config.maxBodyBytes = 64 * 1024;
    config.maxInflightBytes = 128 * 1024;
    IntakeServer server = start(config);
    HttpCalls calls = calls(server);
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int request = 0; request < 40; request++) {
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < 200; i++) {
        body.append("{\"id\":\"r").append(request).append('-').append(i).append("\",\"pad\":\"");
        body.append("p".repeat(100)).append("\"}\n");
      }
      responses.add(
          calls.postAsync(
              "/v1/ubc/client",
              HttpRequest.BodyPublishers.ofByteArray(utf8(body.toString())),
              DEMO,
              false));
    }

    int accepted = 0;
    int overloaded = 0;
    for (CompletableFuture<HttpResponse<String>> future : responses) {
      HttpResponse<String> response = future.get();
      if (response.statusCode() == 202) {
        accepted += json(response).get("accepted").asInt();
      } else {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(json(response).get("error").asText()).isEqualTo("overloaded");
        overloaded++;
      }
    }

    assertThat(accepted).isPositive();
    assertThat(accepted + overloaded * 200).isEqualTo(40 * 200);
    assertThat(kafka.read(topic, accepted, READ_TIMEOUT)).hasSize(accepted);
    assertThat(settledInflightBytes(server)).isZero();
  }

  @Test
  void healthAndMetricsReportTheIntake() {
    IntakeServer server =
        start(new TestIntakeConfig(kafka.bootstrap(), kafka.createTopic("metrics")));
    HttpCalls calls = calls(server);
    calls.post("/v1/ubc/client", utf8("{\"id\":\"a\"}\n{\"id\":\"b\"}\n"), DEMO);
    calls.post("/v1/ubc/client", utf8("{\"id\":\"a\"}\nnot json\n"), DEMO);
    calls.post("/v1/ubc/client", utf8("{}"), Map.of());

    HttpResponse<String> health = calls.get("/health");
    HttpResponse<String> metrics = calls.get("/metrics");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("status").asText()).isEqualTo("up");
    assertThat(json(health).get("brokers").asInt()).isEqualTo(1);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
    assertThat(metrics.body())
        .contains("watershed_intake_received_bytes_total 42.0\n")
        .contains("watershed_intake_received_events_total 3.0\n")
        .contains("watershed_intake_sent_events_total 2.0\n")
        .contains("watershed_intake_errors_total{error_type=\"bad_body\",stage=\"decode\"} 1.0\n")
        .contains(
            "watershed_intake_errors_total{error_type=\"missing_app_key\",stage=\"request\"}"
                + " 1.0\n")
        .contains("watershed_intake_discarded_events_total{reason=\"bad_body\"} 1.0\n")
        .contains("watershed_intake_http_requests_total{route=\"ubc\",status=\"202\"} 1.0\n")
        .contains("watershed_intake_http_requests_total{route=\"ubc\",status=\"400\"} 1.0\n")
        .contains("watershed_intake_http_requests_total{route=\"ubc\",status=\"401\"} 1.0\n")
        .contains("watershed_intake_http_requests_total{route=\"health\",status=\"200\"} 1.0\n")
        .contains("watershed_intake_inflight_bytes 0.0\n")
        .contains("watershed_intake_inflight_bytes_limit 1.6777216E7\n");
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBody() throws Exception {
    String topic = kafka.createTopic("continue");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));

    HttpResponse<String> accepted =
        calls(server).postExpectingContinue("/v1/ubc/client", utf8("{\"id\":\"a\"}"), DEMO);
    // refused from the headers alone: the client never has to send the body
    String refused =
        RawHttp.exchange(
            server.uri(),
            "POST /v1/ubc/client HTTP/1.1\r\nHost: intake\r\nX-Watershed-App-Key: nope\r\n"
                + "Expect: 100-continue\r\nContent-Length: 1000000\r\n\r\n",
            10_000);

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(refused)
        .startsWith("HTTP/1.1 401 Unauthorized\r\n")
        .doesNotContain("100 Continue")
        .contains("connection: close")
        .endsWith("\"retriable\":false}");
    assertThat(kafka.read(topic, 1, READ_TIMEOUT))
        .extracting(record -> text(record.value()))
        .containsExactly("{\"id\":\"a\"}");
  }

  @Test
  void keptAliveConnectionsAnswerPipelinedRequestsInOrder() throws Exception {
    String topic = kafka.createTopic("pipelined");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));
    String first = "{\"id\":\"p1\"}\n{\"id\":\"p2\"}";
    String second = "[{\"id\":\"p3\"}]";

    String answers =
        RawHttp.exchange(
            server.uri(),
            post(first, TestIntakeConfig.DEMO_KEY)
                + post("nope", TestIntakeConfig.DEMO_KEY)
                + post(second, TestIntakeConfig.DEMO_KEY)
                + "GET /health HTTP/1.1\r\nHost: intake\r\nConnection: close\r\n\r\n",
            15_000);

    assertThat(answers.split("HTTP/1.1 ", -1))
        .extracting(part -> part.isEmpty() ? "" : part.substring(0, 3))
        .containsExactly("", "202", "400", "202", "200");
    assertThat(answers).contains("{\"accepted\":2}").contains("{\"accepted\":1}");
    assertThat(kafka.read(topic, 3, READ_TIMEOUT)).hasSize(3);
  }

  private static String post(String body, String key) {
    return "POST /v1/ubc/client HTTP/1.1\r\nHost: intake\r\nX-Watershed-App-Key: %s\r\n"
            .formatted(key)
        + "Content-Length: %d\r\n\r\n%s".formatted(utf8(body).length, body);
  }
}
