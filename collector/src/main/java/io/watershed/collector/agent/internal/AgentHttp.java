package io.watershed.collector.agent.internal;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.watershed.collector.internal.CollectorErrorCode;
import io.watershed.collector.internal.Metrics;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The agent's {@code GET /health} and {@code GET /metrics}, on one Netty event loop (Netty is in
 * the collector for the intake already). Non-blocking, so a client that sends half a request holds
 * a socket, never the thread that serves the others; and each connection must deliver a whole
 * request within {@link #REQUEST_TIMEOUT} of connecting (or of its last answer), else it is closed.
 */
public final class AgentHttp implements AutoCloseable {
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_INITIAL_LINE_BYTES = 4096;
  private static final int MAX_HEADER_BYTES = 8192;
  private static final int MAX_BODY_BYTES = 8192;

  private final EventLoopGroup loop;
  private final Channel server;

  private AgentHttp(EventLoopGroup loop, Channel server) {
    this.loop = requireNonNull(loop, "loop is null");
    this.server = requireNonNull(server, "server is null");
  }

  /**
   * Serves {@code /health} (200 with {@code status()} while {@code alive}, else 503) and {@code
   * /metrics}.
   */
  public static AgentHttp start(
      String host, int port, Metrics metrics, BooleanSupplier alive, Supplier<String> status) {
    return start(host, port, metrics, alive, status, REQUEST_TIMEOUT);
  }

  static AgentHttp start(
      String host,
      int port,
      Metrics metrics,
      BooleanSupplier alive,
      Supplier<String> status,
      Duration requestTimeout) {
    EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("agent-http", true));
    try {
      Channel server =
          new ServerBootstrap()
              .group(loop)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      channel
                          .pipeline()
                          .addLast(
                              new HttpServerCodec(
                                  MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_BODY_BYTES))
                          .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                          .addLast(new Handler(metrics, alive, status, requestTimeout));
                    }
                  })
              .bind(host, port)
              .syncUninterruptibly()
              .channel();
      return new AgentHttp(loop, server);
    } catch (Exception e) {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
      String message =
          "Cannot listen on %s:%d for the agent's /health and /metrics: %s"
              .formatted(host, port, e.getMessage());
      if (e instanceof java.io.IOException io) {
        throw new UncheckedIOException(message, io);
      }
      throw new IllegalStateException(message, e);
    }
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly();
    loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  /** One connection: answers each whole request; closes one that takes too long to send one. */
  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Metrics metrics;
    private final BooleanSupplier alive;
    private final Supplier<String> status;
    private final Duration requestTimeout;
    private ScheduledFuture<?> deadline;

    Handler(
        Metrics metrics, BooleanSupplier alive, Supplier<String> status, Duration requestTimeout) {
      this.metrics = requireNonNull(metrics, "metrics is null");
      this.alive = requireNonNull(alive, "alive is null");
      this.status = requireNonNull(status, "status is null");
      this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      arm(ctx);
      super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      disarm();
      super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      disarm();
      boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
      FullHttpResponse response = answer(request);
      response
          .headers()
          .set(
              HttpHeaderNames.CONNECTION,
              keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
      if (keepAlive) {
        ctx.writeAndFlush(response)
            .addListener(ChannelFutureListener.CLOSE_ON_FAILURE)
            .addListener(written -> arm(ctx));
      } else {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    private FullHttpResponse answer(FullHttpRequest request) {
      if (request.decoderResult().isFailure()) {
        return error(
            CollectorErrorCode.BAD_REQUEST, "Cannot read the HTTP request: malformed or too large");
      }
      String path = new QueryStringDecoder(request.uri()).path();
      if (!path.equals("/health") && !path.equals("/metrics")) {
        return error(CollectorErrorCode.NOT_FOUND, "Cannot find " + printable(path));
      }
      if (!request.method().equals(HttpMethod.GET)) {
        return error(
            CollectorErrorCode.METHOD_NOT_ALLOWED,
            "Cannot %s %s: only GET".formatted(printable(request.method().name()), path));
      }
      if (path.equals("/metrics")) {
        return response(HttpResponseStatus.OK, Metrics.CONTENT_TYPE, metrics.scrape());
      }
      if (alive.getAsBoolean()) {
        return response(HttpResponseStatus.OK, "application/json", status.get());
      }
      return error(
          CollectorErrorCode.INTERNAL_ERROR,
          "Cannot read files: the agent's reading thread stopped");
    }

    /** Closes the connection unless a whole request arrives within the timeout. */
    private void arm(ChannelHandlerContext ctx) {
      if (ctx.channel().isActive()) {
        deadline =
            ctx.executor()
                .schedule(
                    () -> {
                      ctx.close();
                    },
                    requestTimeout.toMillis(),
                    TimeUnit.MILLISECONDS);
      }
    }

    private void disarm() {
      if (deadline != null) {
        deadline.cancel(false);
        deadline = null;
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static FullHttpResponse error(CollectorErrorCode code, String message) {
    String body =
        "{\"error\":\"%s\",\"message\":\"%s\",\"retriable\":%s}"
            .formatted(code.metricTag(), message.replace("\"", "'"), code.retriable());
    return response(HttpResponseStatus.valueOf(code.httpStatus()), "application/json", body);
  }

  private static FullHttpResponse response(HttpResponseStatus status, String type, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return response;
  }

  /** At most 64 printable ASCII characters of what a client sent, for messages. */
  private static String printable(String value) {
    String cleaned = value.replaceAll("[^\\x20-\\x7e]", "?").replace('\\', '?');
    return cleaned.length() <= 64 ? cleaned : cleaned.substring(0, 64) + "...";
  }
}
