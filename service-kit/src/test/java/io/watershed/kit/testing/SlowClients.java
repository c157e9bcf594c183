package io.watershed.kit.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw connections that send a request line and never finish the headers (slowloris), for the
 * regression tests of every service on the control-plane server.
 */
public final class SlowClients implements AutoCloseable {
  private final List<Socket> sockets;

  private SlowClients(List<Socket> sockets) {
    this.sockets = requireNonNull(sockets, "sockets is null");
  }

  public static SlowClients requestLinesOnly(InetSocketAddress server, int count)
      throws IOException {
    List<Socket> sockets = new ArrayList<>();
    SlowClients clients = new SlowClients(sockets);
    try {
      for (int i = 0; i < count; i++) {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5000);
        socket
            .getOutputStream()
            .write("GET /health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
      }
    } catch (IOException | RuntimeException e) {
      clients.close();
      throw e;
    }
    return clients;
  }

  /** Whether the server has closed every connection within {@code timeout}, without answering. */
  public boolean allClosedWithin(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Socket socket : sockets) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      socket.setSoTimeout((int) left);
      InputStream in = socket.getInputStream();
      try {
        if (in.read() >= 0) {
          return false; // an answer to a request never finished
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        // reset by the server: closed
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
