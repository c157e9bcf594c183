package io.watershed.collector.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 over a plain socket, for what java.net.http cannot show: the wire itself. */
final class RawHttp {
  static final String STILL_OPEN = "\n<timeout: connection still open>";

  private RawHttp() {}

  /**
   * Sends {@code request} (head and whatever body bytes it includes) and returns everything the
   * server writes until it closes the connection or {@code timeoutMillis} passes without data.
   */
  static String exchange(URI server, String request, int timeoutMillis) throws IOException {
    try (Socket socket = new Socket(server.getHost(), server.getPort())) {
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return readAll(socket);
    }
  }

  /**
   * Everything the server writes on {@code socket} until it closes the connection, or until the
   * socket's read timeout passes without data: then the text ends with {@link #STILL_OPEN}.
   */
  static String readAll(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        received.write(buffer, 0, read);
      }
    } catch (SocketTimeoutException e) {
      received.write(STILL_OPEN.getBytes(StandardCharsets.UTF_8));
    }
    return received.toString(StandardCharsets.UTF_8);
  }
}
