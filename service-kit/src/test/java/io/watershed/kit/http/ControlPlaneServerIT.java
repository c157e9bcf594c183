package io.watershed.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's limits against raw sockets: slow heads, slow bodies, large bodies, bad requests. */
class ControlPlaneServerIT {
  private static final HttpLimits LIMITS =
      new HttpLimits(2, 64, Duration.ofSeconds(1), Duration.ofSeconds(30), 100, 1024, 4096);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final List<Socket> sockets = new ArrayList<>();
  private ControlPlaneServer server;

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void requestLinesWithoutHeadersHoldNoThreadAndAreClosedAtTheDeadline() throws Exception {
    server = ControlPlaneServer.start("test", "127.0.0.1", 0, LIMITS, ControlPlaneServerIT::echo);
    for (int i = 0; i < 16; i++) {
      send(open(), "GET /echo HTTP/1.1\r\n");
    }

    long start = System.nanoTime();
    HttpResponse<String> live = get("/health/live");
    HttpResponse<String> echo = get("/echo");

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(echo.statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    for (Socket socket : sockets) {
      assertThat(closedWithin(socket, Duration.ofSeconds(5))).isTrue();
    }
    assertThat(server.headTimeouts()).isGreaterThanOrEqualTo(16);
  }

  @Test
  void headTrickledByteByByteIsClosedAtTheDeadlineNotTheIdleTimeout() throws Exception {
    server = ControlPlaneServer.start("test", "127.0.0.1", 0, LIMITS, ControlPlaneServerIT::echo);
    Socket socket = open();
    send(socket, "GET /echo HTTP/1.1\r\nX-Slow: ");
    long start = System.nanoTime();
    boolean closed = false;
    while (!closed && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
      try {
        send(socket, "a");
        Thread.sleep(200);
      } catch (IOException e) {
        closed = true;
      }
    }
    assertThat(closed || closedWithin(socket, Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void keepAliveConnectionGetsItsNextHeadDeadlineAfterTheAnswer() throws Exception {
    HttpLimits limits =
        new HttpLimits(2, 64, Duration.ofMillis(500), Duration.ofMillis(500), 100, 1024, 4096);
    server = ControlPlaneServer.start("test", "127.0.0.1", 0, limits, ControlPlaneServerIT::echo);
    Socket socket = open();
    send(socket, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(readSome(socket)).startsWith("HTTP/1.1 200");
    send(socket, "GET /echo HTTP/1.1\r\n");
    long start = System.nanoTime();
    // one byte every 300 ms keeps the idle timeout (500 ms) away; the head deadline ends it
    boolean closed = false;
    while (!closed && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
      try {
        send(socket, "X-Slow: a\r\n");
        Thread.sleep(300);
      } catch (IOException e) {
        closed = true;
      }
    }
    assertThat(closed || closedWithin(socket, Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void bodyOverTheLimitGets413() throws Exception {
    server = ControlPlaneServer.start("test", "127.0.0.1", 0, LIMITS, ControlPlaneServerIT::echo);

    HttpResponse<String> declared = post("/echo", "x".repeat(2000));
    HttpResponse<String> within = post("/echo", "x".repeat(1000));

    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(within.statusCode()).isEqualTo(200);
    assertThat(within.body()).isEqualTo("1000");
  }

  @Test
  void bodySlowerThanTheMinimumRateIsEnded() throws Exception {
    server = ControlPlaneServer.start("test", "127.0.0.1", 0, LIMITS, ControlPlaneServerIT::echo);
    Socket socket = open();
    send(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789");

    assertThat(closedWithin(socket, Duration.ofSeconds(6))).isTrue();
    assertThat(get("/echo").statusCode()).isEqualTo(200);
  }

  @Test
  void protocolErrorsAndFailuresAnswerJsonWithoutInternals() throws Exception {
    server =
        ControlPlaneServer.start(
            "test",
            "127.0.0.1",
            0,
            LIMITS,
            request -> {
              throw new IllegalStateException(
                  "Cannot run SELECT * FROM secret at hdfs://nn:9000/warehouse/x");
            });

    HttpResponse<String> failed = get("/anything");
    Socket big = open();
    send(big, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(8000) + "\r\n\r\n");
    String tooLarge = readSome(big);
    Socket bad = open();
    send(bad, "NOT A REQUEST\u0001\r\n\r\n");
    String malformed = readSome(bad);

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.body())
        .startsWith("{\"error\":{\"code\":\"server_error\",\"status\":500,")
        .doesNotContain("SELECT", "hdfs", "IllegalStateException", "at io.");
    assertThat(tooLarge).startsWith("HTTP/1.1 431").contains("\"status\":431");
    assertThat(malformed).startsWith("HTTP/1.1 400").contains("\"status\":400");
  }

  private static ServiceResponse echo(ServiceRequest request) {
    try {
      byte[] body = request.body();
      return new ServiceResponse(
          200,
          "text/plain",
          String.valueOf(body.length).getBytes(StandardCharsets.UTF_8),
          Map.of());
    } catch (RequestBodyException e) {
      return JsonErrors.response(e.status(), e.getMessage());
    }
  }

  private Socket open() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()), 5000);
    sockets.add(socket);
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static String readSome(Socket socket) throws IOException {
    socket.setSoTimeout(5000);
    byte[] buffer = new byte[8192];
    int read = socket.getInputStream().read(buffer);
    return read < 0 ? "" : new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
  }

  /** Whether the server closes the socket within {@code timeout}: reading ends, no answer. */
  private static boolean closedWithin(Socket socket, Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    InputStream in = socket.getInputStream();
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(server.uri().resolve(path))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
