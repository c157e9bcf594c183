package io.watershed.kit.http.internal;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.http.HttpLimits;
import io.watershed.kit.http.RequestBodyException;
import io.watershed.kit.http.ServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A Jetty request as a {@link ServiceRequest}. The body is read with a limit and a minimum rate: a
 * watchdog checks each second that at least {@code minRate × (elapsed − grace)} bytes have come,
 * and closes the connection when not.
 */
final class JettyServiceRequest implements ServiceRequest {
  private static final int BUFFER_BYTES = 16 * 1024;
  private static final long CHECK_MILLIS = 1000;

  /**
   * Of an oversized body, up to this many times the limit is read and dropped, so the client still
   * sending gets the 413.
   */
  private static final long DISCARD_FACTOR = 4;

  private final Request request;
  private final HttpLimits limits;
  private final Scheduler scheduler;
  private byte[] body;

  JettyServiceRequest(Request request, HttpLimits limits, Scheduler scheduler) {
    this.request = requireNonNull(request, "request is null");
    this.limits = requireNonNull(limits, "limits is null");
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
  }

  @Override
  public String method() {
    return request.getMethod().toUpperCase(Locale.ROOT);
  }

  @Override
  public String rawPath() {
    String path = request.getHttpURI().getPath();
    return path == null ? "/" : path;
  }

  @Override
  public String rawQuery() {
    return request.getHttpURI().getQuery();
  }

  @Override
  public String header(String name) {
    return request.getHeaders().get(name);
  }

  @Override
  public byte[] body() {
    if (body == null) {
      body = read();
    }
    return body;
  }

  private byte[] read() {
    long limit = limits.maxRequestBytes();
    long declared = request.getLength();
    Watchdog watchdog = new Watchdog();
    watchdog.schedule();
    try {
      InputStream in = Content.Source.asInputStream(request);
      if (declared > limit) {
        discard(in, DISCARD_FACTOR * limit, watchdog);
        throw RequestBodyException.tooLarge(limit);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, declared));
      byte[] buffer = new byte[BUFFER_BYTES];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        watchdog.received(read);
        if (out.size() + (long) read > limit) {
          discard(in, (DISCARD_FACTOR - 1) * limit, watchdog);
          throw RequestBodyException.tooLarge(limit);
        }
        out.write(buffer, 0, read);
      }
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      if (e instanceof RequestBodyException known) {
        throw known;
      }
      if (watchdog.fired()) {
        throw RequestBodyException.tooSlow(limits.minRequestBytesPerSecond(), e);
      }
      throw RequestBodyException.broken(e);
    } finally {
      watchdog.cancel();
    }
  }

  private static void discard(InputStream in, long limit, Watchdog watchdog) throws IOException {
    byte[] buffer = new byte[BUFFER_BYTES];
    long total = 0;
    while (total < limit) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
      if (read < 0) {
        return;
      }
      watchdog.received(read);
      total += read;
    }
  }

  /** Ends a body that comes slower than the minimum rate, after a grace of the header timeout. */
  private final class Watchdog {
    private final long start = System.nanoTime();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile Scheduler.Task task;

    void schedule() {
      if (!cancelled) {
        task = scheduler.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
      }
    }

    void received(int count) {
      bytes.addAndGet(count);
    }

    boolean fired() {
      return fired.get();
    }

    void cancel() {
      cancelled = true;
      Scheduler.Task current = task;
      if (current != null) {
        current.cancel();
      }
    }

    private void check() {
      if (cancelled) {
        return;
      }
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      long graceMillis = limits.headerTimeout().toMillis();
      long owed = (elapsedMillis - graceMillis) * limits.minRequestBytesPerSecond() / 1000;
      if (owed > 0 && bytes.get() < owed) {
        fired.set(true);
        request
            .getConnectionMetaData()
            .getConnection()
            .getEndPoint()
            .close(new TimeoutException("Cannot read request body: below the minimum rate"));
        return;
      }
      schedule();
    }
  }
}
