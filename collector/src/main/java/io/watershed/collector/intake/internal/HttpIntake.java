package io.watershed.collector.intake.internal;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.watershed.collector.intake.IntakeConfig;
import io.watershed.collector.internal.Metrics;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running intake: a Netty HTTP server, its workers, the Kafka producer and the health check.
 * Public only for {@code IntakeServer}; not part of the module's surface.
 */
public final class HttpIntake implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpIntake.class);
  private static final int MAX_CHUNK_SIZE = 64 * 1024;
  private static final int WORK_QUEUE_LENGTH = 1024;

  private final IntakeContext intake;
  private final Producer<byte[], byte[]> producer;
  private final EventLoopGroup loops;
  private final ThreadPoolExecutor workers;
  private final ChannelGroup connections;
  private final Channel server;
  private final Optional<Ticker> ticker;
  private boolean closed;

  private HttpIntake(
      IntakeContext intake,
      Producer<byte[], byte[]> producer,
      EventLoopGroup loops,
      ThreadPoolExecutor workers,
      ChannelGroup connections,
      Channel server,
      Optional<Ticker> ticker) {
    this.intake = requireNonNull(intake, "intake is null");
    this.producer = requireNonNull(producer, "producer is null");
    this.loops = requireNonNull(loops, "loops is null");
    this.workers = requireNonNull(workers, "workers is null");
    this.connections = requireNonNull(connections, "connections is null");
    this.server = requireNonNull(server, "server is null");
    this.ticker = requireNonNull(ticker, "ticker is null");
  }

  /**
   * Starts the intake: creates the producer and the health check's admin client, binds the port.
   *
   * @param producerSettings the producer's settings, from {@link IntakeConfig#producerSettings}
   * @param adminSettings the settings of the admin client behind {@code /health}
   */
  public static HttpIntake start(
      IntakeConfig config,
      Map<String, Object> producerSettings,
      Map<String, Object> adminSettings,
      Metrics metrics) {
    Producer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings);
    KafkaHealth health = null;
    EventLoopGroup loops = null;
    ThreadPoolExecutor workers = null;
    try {
      health = new KafkaHealth(Admin.create(adminSettings), config.healthTimeout());
      loops = new NioEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("intake-io"));
      workers =
          new ThreadPoolExecutor(
              config.workerThreads(),
              config.workerThreads(),
              0,
              TimeUnit.SECONDS,
              new ArrayBlockingQueue<>(WORK_QUEUE_LENGTH),
              new DefaultThreadFactory("intake-worker"));
      ByteBudget budget = new ByteBudget(config.maxInflightBytes());
      Metrics.Component counters = metrics.component("intake");
      BatchSender sender =
          new BatchSender(producer, config.topic(), config.sendTimeout(), loops, counters);
      IntakeContext intake =
          new IntakeContext(config, budget, metrics, counters, sender, health, workers);
      metrics.gauge(
          "intake_inflight_bytes", "Body bytes held by requests not yet answered.", budget::used);
      metrics.gauge("intake_inflight_bytes_limit", "intake.max-inflight-bytes.", budget::limit);
      metrics.gauge(
          "intake_requests_in_progress",
          "Requests received and not yet answered.",
          intake::requestsInProgress);
      ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
      Channel server =
          new ServerBootstrap()
              .group(loops)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      connections.add(channel);
                      channel
                          .pipeline()
                          .addLast(
                              new IdleStateHandler(
                                  config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                          .addLast(
                              new IntakeHttpCodec(
                                  RequestChecks.MAX_INITIAL_LINE_BYTES,
                                  RequestChecks.MAX_HEADER_BYTES,
                                  MAX_CHUNK_SIZE))
                          .addLast(new IntakeHandler(intake));
                    }
                  })
              .bind(config.httpHost(), config.httpPort())
              .syncUninterruptibly()
              .channel();
      // Ticks from the port's opening on: the windows close even if nobody ever posts.
      Optional<Ticker> ticker =
          config.tickInterval().isZero()
              ? Optional.empty()
              : Optional.of(
                  Ticker.start(
                      producer,
                      config.topic(),
                      config.tickInterval(),
                      System::currentTimeMillis,
                      counters));
      return new HttpIntake(intake, producer, loops, workers, connections, server, ticker);
    } catch (RuntimeException e) {
      if (loops != null) {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
      }
      if (workers != null) {
        workers.shutdownNow();
      }
      if (health != null) {
        health.close();
      }
      producer.close(Duration.ZERO);
      throw new IllegalStateException(
          "Cannot start the HTTP intake on %s:%d: %s"
              .formatted(config.httpHost(), config.httpPort(), e),
          e);
    }
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Bytes of request bodies held now: never more than {@code intake.max-inflight-bytes}. */
  public long inflightBytes() {
    return intake.budget.used();
  }

  /**
   * Stops ticking and accepting, lets requests in progress be answered (up to {@code
   * intake.send-timeout}), then closes the connections, the producer (flushing what it holds) and
   * the event loops.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    intake.stop();
    ticker.ifPresent(Ticker::close);
    server.close().awaitUninterruptibly();
    long deadline = System.nanoTime() + intake.config.sendTimeout().toNanos() + 1_000_000_000L;
    while (intake.requestsInProgress() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (intake.requestsInProgress() > 0) {
      LOG.warn("closing the intake with {} request(s) not answered", intake.requestsInProgress());
    }
    connections.close().awaitUninterruptibly();
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(intake.config.sendTimeout());
    intake.health.close();
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
