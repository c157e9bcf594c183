package io.watershed.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Requests the HTTP decoder cannot trust, sent on raw sockets: each gets one 4xx answer naming the
 * problem and then the connection closes; nothing reaches Kafka, nothing after the bad part is
 * served.
 */
class IntakeMalformedHttpIT extends IntakeTesting {
  private static final int READ_MILLIS = 15_000;
  private static final String POST_HEAD =
      "POST /v1/ubc/client HTTP/1.1\r\nHost: intake\r\nX-Watershed-App-Key: demo\r\n";

  @Test
  void aChunkSizeThatIsNotHexIs400AndTheFirstChunkIsNotSent() throws Exception {
    String topic = kafka.createTopic("bad-chunk");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));
    String first = "{\"id\":\"a\"}\n";

    String answer =
        RawHttp.exchange(
            server.uri(),
            POST_HEAD
                + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(first.length())
                + "\r\n"
                + first
                + "\r\nzz\r\n{\"id\":\"b\"}\r\n0\r\n\r\n",
            READ_MILLIS);

    assertOneAnswerThenClose(answer, "400 Bad Request", "bad_request");
    assertThat(answer).contains("Cannot read the chunked body: ");
    assertThat(kafka.read(topic, 0, Duration.ZERO)).isEmpty();
    assertThat(settledInflightBytes(server)).isZero();
  }

  @Test
  void contentLengthWithChunkedIs400AndTheSmuggledRequestIsNotServed() throws Exception {
    String topic = kafka.createTopic("smuggle");
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), topic));
    String smuggled = "GET /metrics HTTP/1.1\r\nHost: intake\r\n\r\n";
    String body = "0\r\n\r\n" + smuggled;

    for (String version : new String[] {"HTTP/1.1", "HTTP/1.0"}) {
      String answer =
          RawHttp.exchange(
              server.uri(),
              POST_HEAD.replace("HTTP/1.1", version)
                  + "Content-Length: "
                  + body.length()
                  + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + body,
              READ_MILLIS);

      assertOneAnswerThenClose(answer, "400 Bad Request", "bad_request");
      assertThat(answer)
          .as(version)
          .contains("Content-Length and Transfer-Encoding: chunked together")
          .doesNotContain("watershed_intake_http_requests_total");
    }
    assertThat(kafka.read(topic, 0, Duration.ZERO)).isEmpty();
  }

  @Test
  void aContentLengthThatIsNotANumberIs400() throws Exception {
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), kafka.createTopic("cl")));

    String answer =
        RawHttp.exchange(
            server.uri(), POST_HEAD + "Content-Length: abc\r\n\r\n{\"id\":\"a\"}", READ_MILLIS);

    assertOneAnswerThenClose(answer, "400 Bad Request", "bad_request");
    assertThat(answer)
        .contains(
            "\"message\":\"Cannot read the HTTP request: Content-Length 'abc' is not a number of"
                + " bytes\"");
  }

  @Test
  void oversizedHeadersAre431AndAnOversizedRequestLineIs414() throws Exception {
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), kafka.createTopic("big")));

    String headers =
        RawHttp.exchange(
            server.uri(),
            POST_HEAD + "X-Padding: " + "p".repeat(20_000) + "\r\nContent-Length: 2\r\n\r\n{}",
            READ_MILLIS);
    String line =
        RawHttp.exchange(
            server.uri(),
            "GET /health?" + "q".repeat(5000) + " HTTP/1.1\r\nHost: intake\r\n\r\n",
            READ_MILLIS);

    assertOneAnswerThenClose(headers, "431 Request Header Fields Too Large", "headers_too_large");
    assertThat(headers).contains("Cannot read the HTTP request: its headers pass 16384 bytes");
    assertThat(headers).doesNotContain("ppppp");
    assertOneAnswerThenClose(line, "414 Request-URI Too Long", "uri_too_long");
    assertThat(line).doesNotContain("qqqqq");
  }

  @Test
  void aHeadRequestGetsTheHeadWithoutTheBody() throws Exception {
    IntakeServer server = start(new TestIntakeConfig(kafka.bootstrap(), kafka.createTopic("head")));

    String answer =
        RawHttp.exchange(
            server.uri(), "HEAD /health HTTP/1.1\r\nHost: intake\r\n\r\n", READ_MILLIS);

    assertThat(answer)
        .startsWith("HTTP/1.1 405 Method Not Allowed\r\n")
        .contains("content-length: ");
    assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4)).isEmpty();
  }

  /** One answer with this status and error code, no more, and the server closed the connection. */
  private static void assertOneAnswerThenClose(String answer, String status, String error) {
    assertThat(answer).startsWith("HTTP/1.1 " + status + "\r\n");
    assertThat(answer.split("HTTP/1\\.1 ", -1)).hasSize(2);
    assertThat(answer).contains("\"error\":\"" + error + "\"");
    assertThat(answer).doesNotEndWith(RawHttp.STILL_OPEN);
    assertThat(answer.toLowerCase()).contains("connection: close");
    assertThat(answer)
        .doesNotContain("Exception")
        .doesNotContain("io.netty")
        .doesNotContain("\tat ");
  }
}
