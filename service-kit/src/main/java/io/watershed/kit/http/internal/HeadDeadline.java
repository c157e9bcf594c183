package io.watershed.kit.http.internal;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header-read timeout Jetty lacks: a connection must deliver a whole request head within {@code
 * head} of opening, and within {@code idle + head} of its previous answer, or it is closed. The
 * idle timeout alone does not end a client that trickles a byte of headers at a time.
 */
public final class HeadDeadline implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(HeadDeadline.class);

  private final Scheduler scheduler;
  private final Consumer<String> dropped;
  private final long headMillis;
  private final long idleMillis;
  private final Map<Connection, State> states = new ConcurrentHashMap<>();
  private final LongAdder expired = new LongAdder();

  /**
   * @param dropped told {@code header_timeout} for each connection closed
   */
  public HeadDeadline(
      Scheduler scheduler, Consumer<String> dropped, long headMillis, long idleMillis) {
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.dropped = requireNonNull(dropped, "dropped is null");
    this.headMillis = headMillis;
    this.idleMillis = idleMillis;
  }

  @Override
  public void onOpened(Connection connection) {
    State state = new State(connection);
    states.put(connection, state);
    state.arm(headMillis);
  }

  @Override
  public void onClosed(Connection connection) {
    State state = states.remove(connection);
    if (state != null) {
      state.disarm();
    }
  }

  /** A request head arrived whole on {@code connection}: its handling starts. */
  public void started(Connection connection) {
    State state = states.get(connection);
    if (state != null) {
      state.started();
    }
  }

  /** The request on {@code connection} was answered: the next head is due. */
  public void finished(Connection connection) {
    State state = states.get(connection);
    if (state != null) {
      state.finished(idleMillis + headMillis);
    }
  }

  /** Connections closed for not sending a whole request head in time. */
  public long expired() {
    return expired.sum();
  }

  private final class State {
    private final Connection connection;
    private long requests;
    private int inFlight;
    private Scheduler.Task task;

    State(Connection connection) {
      this.connection = connection;
    }

    synchronized void arm(long millis) {
      disarm();
      long seen = requests;
      task = scheduler.schedule(() -> expire(seen), millis, TimeUnit.MILLISECONDS);
    }

    synchronized void disarm() {
      if (task != null) {
        task.cancel();
        task = null;
      }
    }

    synchronized void started() {
      requests++;
      inFlight++;
      disarm();
    }

    synchronized void finished(long millis) {
      inFlight = Math.max(0, inFlight - 1);
      if (inFlight == 0) {
        arm(millis);
      }
    }

    void expire(long seen) {
      synchronized (this) {
        if (inFlight > 0 || requests != seen) {
          return;
        }
      }
      expired.increment();
      dropped.accept("header_timeout");
      LOG.debug(
          "Closing connection from {}: no whole request head in time",
          connection.getEndPoint().getRemoteSocketAddress());
      connection
          .getEndPoint()
          .close(new TimeoutException("Cannot read request head: not received in time"));
    }
  }
}
