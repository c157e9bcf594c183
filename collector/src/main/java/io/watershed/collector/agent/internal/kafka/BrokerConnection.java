package io.watershed.collector.agent.internal.kafka;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One plaintext connection to one Kafka broker, speaking the wire protocol with Kafka's own request
 * and response classes: the API versions are agreed at open, requests are written by the caller's
 * thread, responses are read in order by a thread of the connection and complete the requests'
 * futures there. Any I/O error, or a request unanswered for longer than the request timeout, closes
 * the connection and fails every request on it with a {@link NetworkException} (retriable).
 */
final class BrokerConnection implements AutoCloseable {
  private record Call(
      RequestHeader header, CompletableFuture<AbstractResponse> future, long sent) {}

  final int nodeId;
  final String address;
  private final String clientId;
  private final long requestTimeoutNanos;
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final ArrayDeque<Call> calls = new ArrayDeque<>();
  private final Object writeLock = new Object();
  private final Thread reader;
  private final Map<ApiKeys, short[]> versions = new HashMap<>();
  private int correlation;
  private volatile boolean closed;
  private volatile Runnable onClose = () -> {};

  private BrokerConnection(
      int nodeId, String host, int port, String clientId, int requestTimeoutMs, int connectMs)
      throws IOException {
    this.nodeId = nodeId;
    this.address = host + ":" + port;
    this.clientId = clientId;
    this.requestTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs);
    this.socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setSendBufferSize(1024 * 1024);
      socket.setReceiveBufferSize(64 * 1024);
      socket.connect(new InetSocketAddress(host, port), connectMs);
      socket.setSoTimeout(1000);
      this.out = socket.getOutputStream();
      this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    this.reader = new Thread(this::readResponses, "agent-kafka-" + address);
    reader.setDaemon(true);
    reader.start();
  }

  /** Connects and agrees on API versions; throws when the broker cannot be reached in time. */
  static BrokerConnection open(
      int nodeId, String host, int port, String clientId, int requestTimeoutMs, int connectMs)
      throws IOException {
    BrokerConnection connection =
        new BrokerConnection(nodeId, host, port, clientId, requestTimeoutMs, connectMs);
    try {
      ApiVersionsResponse response =
          (ApiVersionsResponse)
              connection.call(
                  new ApiVersionsRequest.Builder(), (short) 3, connectMs + requestTimeoutMs);
      Errors error = Errors.forCode(response.data().errorCode());
      if (error != Errors.NONE) {
        throw new IOException("broker " + connection.address + " refused ApiVersions: " + error);
      }
      for (ApiVersionsResponseData.ApiVersion version : response.data().apiKeys()) {
        if (ApiKeys.hasId(version.apiKey())) {
          connection.versions.put(
              ApiKeys.forId(version.apiKey()),
              new short[] {version.minVersion(), version.maxVersion()});
        }
      }
      return connection;
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** Runs once when the connection closes, on whichever thread closes it. */
  void onClose(Runnable action) {
    this.onClose = action;
    if (closed) {
      action.run();
    }
  }

  boolean isOpen() {
    return !closed;
  }

  /** The highest version of {@code builder}'s request both sides speak. */
  short version(AbstractRequest.Builder<?> builder) {
    short[] range = versions.get(builder.apiKey());
    short latest = builder.latestAllowedVersion();
    if (range == null || range[1] < builder.oldestAllowedVersion() || range[0] > latest) {
      throw new UnsupportedVersionException(
          "Broker %s does not speak a version of %s this agent can use"
              .formatted(address, builder.apiKey()));
    }
    return (short) Math.min(latest, range[1]);
  }

  /** Sends a request at the agreed version; the future completes on the connection's thread. */
  CompletableFuture<AbstractResponse> send(AbstractRequest.Builder<?> builder) {
    return send(builder, version(builder));
  }

  private CompletableFuture<AbstractResponse> send(
      AbstractRequest.Builder<?> builder, short version) {
    CompletableFuture<AbstractResponse> future = new CompletableFuture<>();
    AbstractRequest request = builder.build(version);
    synchronized (writeLock) {
      RequestHeader header = new RequestHeader(builder.apiKey(), version, clientId, ++correlation);
      ByteBuffer bytes = request.serializeWithHeader(header);
      synchronized (calls) {
        // closing marks closed and takes the calls under this lock: a call is failed or taken
        if (closed) {
          future.completeExceptionally(
              new NetworkException("connection to " + address + " closed"));
          return future;
        }
        calls.add(new Call(header, future, System.nanoTime()));
      }
      try {
        byte[] size = {
          (byte) (bytes.remaining() >>> 24),
          (byte) (bytes.remaining() >>> 16),
          (byte) (bytes.remaining() >>> 8),
          (byte) bytes.remaining()
        };
        out.write(size);
        if (bytes.hasArray()) {
          out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        } else {
          byte[] copy = new byte[bytes.remaining()];
          bytes.get(copy);
          out.write(copy);
        }
        out.flush();
      } catch (IOException e) {
        fail(e);
      }
    }
    return future;
  }

  /** Sends and waits for the answer. */
  AbstractResponse call(AbstractRequest.Builder<?> builder, long timeoutMs) throws IOException {
    return call(builder, version(builder), timeoutMs);
  }

  private AbstractResponse call(AbstractRequest.Builder<?> builder, short version, long timeoutMs)
      throws IOException {
    try {
      return send(builder, version).get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      fail(new IOException("no answer to " + builder.apiKey() + " in " + timeoutMs + " ms"));
      throw new IOException(
          "broker %s did not answer %s in %d ms".formatted(address, builder.apiKey(), timeoutMs));
    } catch (ExecutionException e) {
      throw new IOException(
          "broker %s: %s failed: %s".formatted(address, builder.apiKey(), e.getCause()),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for " + builder.apiKey(), e);
    }
  }

  int pending() {
    synchronized (calls) {
      return calls.size();
    }
  }

  private void readResponses() {
    byte[] sizeBytes = new byte[4];
    try {
      while (!closed) {
        readFully(sizeBytes);
        int size = ByteBuffer.wrap(sizeBytes).getInt();
        if (size < 0 || size > 256 * 1024 * 1024) {
          throw new IOException("response of " + size + " bytes from " + address);
        }
        byte[] bytes = new byte[size];
        readFully(bytes);
        Call call;
        synchronized (calls) {
          call = calls.poll();
        }
        if (call == null) {
          throw new IOException("a response without a request from " + address);
        }
        AbstractResponse response;
        try {
          response = AbstractResponse.parseResponse(ByteBuffer.wrap(bytes), call.header());
        } catch (RuntimeException e) {
          call.future().completeExceptionally(e);
          throw new IOException("cannot read a response from " + address + ": " + e, e);
        }
        call.future().complete(response);
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  /** Reads all of {@code bytes}; a read timeout only checks the oldest request's age. */
  private void readFully(byte[] bytes) throws IOException {
    int read = 0;
    while (read < bytes.length) {
      int n;
      try {
        n = in.read(bytes, read, bytes.length - read);
      } catch (SocketTimeoutException e) {
        checkTimeout();
        continue;
      }
      if (n < 0) {
        throw new IOException("broker " + address + " closed the connection");
      }
      read += n;
    }
  }

  private void checkTimeout() throws IOException {
    Call oldest;
    synchronized (calls) {
      oldest = calls.peek();
    }
    if (oldest != null && System.nanoTime() - oldest.sent() > requestTimeoutNanos) {
      throw new IOException(
          "broker %s did not answer %s in %d ms"
              .formatted(
                  address,
                  oldest.header().apiKey(),
                  TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos)));
    }
  }

  private void fail(Exception cause) {
    List<Call> failed;
    synchronized (calls) {
      if (closed) {
        return;
      }
      closed = true;
      failed = new ArrayList<>(calls);
      calls.clear();
    }
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
    NetworkException error =
        new NetworkException("connection to broker " + address + " lost: " + cause, cause);
    for (Call call : failed) {
      call.future().completeExceptionally(error);
    }
    onClose.run();
  }

  @Override
  public void close() {
    fail(new IOException("closed by the agent"));
  }
}
