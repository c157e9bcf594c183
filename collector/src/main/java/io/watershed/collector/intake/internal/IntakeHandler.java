package io.watershed.collector.intake.internal;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.watershed.collector.internal.CollectorErrorCode;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of the intake: reads each request's body into a bounded buffer charged to the
 * in-flight budget as its bytes arrive, hands it to a worker ({@link ExchangeWork}) to split and
 * send, and answers in request order. Reading pauses while a request is processed, so a connection
 * holds one body at a time; pipelined requests read meanwhile wait in a small queue. A request
 * refused on its head is answered at once; the rest of its body is read and dropped (up to twice
 * the body limit), then the connection closes. A request whose body is not complete within {@code
 * intake.request-timeout} of its start gets 408 and the connection closes; a request the decoder
 * cannot read (bad head, bad chunk, Content-Length with chunked) gets 400 (431, 414) and a close.
 */
final class IntakeHandler extends ChannelInboundHandlerAdapter implements ExchangeWork.Outcome {
  private static final Logger LOG = LoggerFactory.getLogger(IntakeHandler.class);
  private static final int MAX_QUEUED_BYTES = 1024 * 1024;

  private enum State {
    IDLE,
    RECEIVING,
    DISCARDING,
    PROCESSING
  }

  private final IntakeContext intake;
  private final ArrayDeque<Object> queued = new ArrayDeque<>();
  private long queuedBytes;
  private State state = State.IDLE;
  private Exchange exchange;
  private ChannelHandlerContext ctx;
  private ExchangeWork work;
  private ScheduledFuture<?> deadline;

  IntakeHandler(IntakeContext intake) {
    this.intake = requireNonNull(intake, "intake is null");
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.work = new ExchangeWork(intake, ctx.alloc(), this);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (state == State.PROCESSING || !queued.isEmpty()) {
      queue(message);
      return;
    }
    try {
      handle(message);
    } finally {
      ReferenceCountUtil.release(message);
    }
  }

  private void handle(Object message) {
    if (message instanceof HttpRequest request) {
      onRequest(request);
    }
    if (message instanceof HttpContent content) {
      onContent(content);
    }
  }

  /** A pipelined message that arrived while a request is processed: handled after its answer. */
  private void queue(Object message) {
    queued.add(message);
    if (message instanceof HttpContent content) {
      queuedBytes += content.content().readableBytes();
    }
    if (queuedBytes > MAX_QUEUED_BYTES) {
      ctx.close();
    }
  }

  private void onRequest(HttpRequest request) {
    if (state != State.IDLE) {
      ctx.close();
      return;
    }
    Exchange current =
        new Exchange(HttpUtil.isKeepAlive(request), request.method().equals(HttpMethod.HEAD));
    exchange = current;
    intake.requestStarted();
    state = State.RECEIVING;
    RequestChecks.Route route = RequestChecks.route(request);
    current.route = route.route();
    if (route.refusal() != null) {
      boolean malformed =
          request.decoderResult().isFailure()
              || request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                  && request.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
      refuse(request, "request", route.refusal(), malformed);
      return;
    }
    if (route.channel() == null) {
      return; // GET /health or /metrics: answered once the (empty) body is read
    }
    IntakeException refusal = RequestChecks.checkPost(request, intake, current);
    if (refusal != null) {
      refuse(request, "request", refusal, false);
      return;
    }
    current.channel = route.channel();
    current.batchId = UUID.randomUUID();
    current.body = new BodyBuffer(intake.budget, intake.config.maxBodyBytes());
    long contentLength = HttpUtil.getContentLength(request, -1L);
    if (contentLength > 0) {
      // only the size is checked: the budget is taken as the bytes arrive
      BodyBuffer.Status status = current.body.expect(contentLength);
      if (status != BodyBuffer.Status.OK) {
        refuse(
            request,
            "receive",
            RequestChecks.bodyRefusal(intake, status, contentLength, false),
            false);
        return;
      }
    }
    if (HttpUtil.is100ContinueExpected(request)) {
      ctx.writeAndFlush(
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }
  }

  private void onContent(HttpContent content) {
    if (content.decoderResult().isFailure()) {
      onBadContent(content);
      return;
    }
    int bytes = content.content().readableBytes();
    boolean last = content instanceof LastHttpContent;
    if (state == State.RECEIVING) {
      Exchange current = exchange;
      current.receivedBytes += bytes;
      intake.counters.receivedBytes(bytes);
      if (current.body != null && bytes > 0) {
        BodyBuffer.Status status = current.body.append(content.content());
        if (status != BodyBuffer.Status.OK) {
          refuse(null, "receive", RequestChecks.bodyRefusal(intake, status, -1, false), false);
        }
      }
      if (state == State.RECEIVING && last) {
        onBodyComplete(current);
        return;
      }
    }
    if (state == State.DISCARDING) {
      exchange.discardedBytes += bytes;
      if (last || exchange.discardedBytes > exchange.discardAllowance) {
        closeAfterAnswer(exchange);
      }
    }
  }

  /** A chunk the decoder could not read: the body cannot be trusted, nor the connection. */
  private void onBadContent(HttpContent content) {
    if (state == State.RECEIVING) {
      refuse(null, "request", RequestChecks.badChunk(content.decoderResult().cause()), true);
    } else if (state == State.DISCARDING) {
      closeAfterAnswer(exchange);
    } else {
      ctx.close();
    }
  }

  /**
   * After a read: a request still receiving gets a deadline, {@code intake.request-timeout} after
   * its start. A body that arrives within one read, the common case, never needs one.
   */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    armDeadline();
    ctx.fireChannelReadComplete();
  }

  private void armDeadline() {
    if (deadline == null && (state == State.RECEIVING || state == State.DISCARDING)) {
      Exchange current = exchange;
      long left =
          intake.config.requestTimeout().toNanos() - (System.nanoTime() - current.startNanos);
      deadline =
          ctx.executor()
              .schedule(() -> onDeadline(current), Math.max(0, left), TimeUnit.NANOSECONDS);
    }
  }

  private void onDeadline(Exchange current) {
    deadline = null;
    if (exchange != current) {
      return;
    }
    if (state == State.RECEIVING) {
      LOG.debug("closing {}: request not complete within intake.request-timeout", ctx.channel());
      refuse(
          null,
          "receive",
          new IntakeException(
              CollectorErrorCode.REQUEST_TIMEOUT,
              ("Cannot read the request within intake.request-timeout (%d ms): %d body bytes"
                      + " arrived")
                  .formatted(intake.config.requestTimeout().toMillis(), current.receivedBytes)),
          true);
    } else if (state == State.DISCARDING) {
      closeAfterAnswer(current);
    }
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  private void onBodyComplete(Exchange current) {
    cancelDeadline();
    current.bodyCompleteNanos = System.nanoTime();
    state = State.PROCESSING;
    ctx.channel().config().setAutoRead(false);
    if (intake.stopping()) {
      fail(
          current,
          "request",
          new IntakeException(
              CollectorErrorCode.SHUTTING_DOWN, "Cannot accept records: the intake is stopping"));
      return;
    }
    if (current.route.equals("metrics")) {
      answer(
          current,
          Responses.text(
              ctx.alloc(),
              HttpResponseStatus.OK,
              "text/plain; version=0.0.4; charset=utf-8",
              intake.metrics.scrape()));
      return;
    }
    try {
      intake.workers.execute(
          current.route.equals("health") ? () -> work.health(current) : () -> work.post(current));
    } catch (RejectedExecutionException e) {
      fail(
          current,
          "receive",
          new IntakeException(
              CollectorErrorCode.OVERLOADED,
              "Cannot accept records now: every intake worker is busy and the queue is full"));
    }
  }

  /** Refuses a request before its body is read; the rest of the body is read and dropped. */
  private void refuse(
      HttpRequest request, String stage, IntakeException failure, boolean closeNow) {
    Exchange current = exchange;
    state = State.DISCARDING;
    current.discardAllowance = 2L * intake.config.maxBodyBytes();
    long contentLength =
        request == null || request.decoderResult().isFailure()
            ? -1
            : HttpUtil.getContentLength(request, -1L);
    boolean expectsContinue = request != null && HttpUtil.is100ContinueExpected(request);
    current.releaseBodies();
    fail(current, stage, failure);
    if (closeNow || expectsContinue || contentLength > current.discardAllowance) {
      closeAfterAnswer(current);
    }
  }

  /** From any thread: counts and logs the failure, then answers with it. */
  @Override
  public void fail(Exchange current, String stage, IntakeException failure) {
    intake.counters.error(stage, failure.code());
    intake.counters.discarded(failure.code(), failure.discardedEvents());
    FailureLog.log(current, failure);
    answer(current, Responses.failure(ctx.alloc(), failure, intake.config.retryAfter()));
  }

  /** From any thread: writes the answer on the event loop, then reads on or closes. */
  @Override
  public void answer(Exchange current, FullHttpResponse answer) {
    FullHttpResponse response = answer;
    if (!ctx.executor().inEventLoop()) {
      try {
        ctx.executor().execute(() -> answer(current, answer));
      } catch (RejectedExecutionException e) {
        response.release();
        finish(current, 503);
      }
      return;
    }
    if (current.answered) {
      response.release();
      return;
    }
    current.answered = true;
    if (current.head) {
      // HEAD: the same head, Content-Length included, without the body
      FullHttpResponse headOnly = response.replace(Unpooled.EMPTY_BUFFER);
      response.release();
      response = headOnly;
    }
    int status = response.status().code();
    if (current.batchId != null) {
      response.headers().set(Responses.BATCH_ID_HEADER, current.batchId.toString());
    }
    if (status == 405) {
      response.headers().set(HttpHeaderNames.ALLOW, RequestChecks.allowed(current.route));
    }
    boolean discarding = state == State.DISCARDING;
    boolean close = discarding || !current.keepAlive || intake.stopping();
    response
        .headers()
        .set(
            HttpHeaderNames.CONNECTION,
            close ? HttpHeaderValues.CLOSE : HttpHeaderValues.KEEP_ALIVE);
    current.answerWrite = ctx.writeAndFlush(response);
    current.answerWrite.addListener(written -> finish(current, status));
    if (discarding) {
      return; // closes once the rest of the body is dropped
    }
    if (close) {
      current.answerWrite.addListener(ChannelFutureListener.CLOSE);
    } else {
      current.answerWrite.addListener(
          written -> {
            if (written.isSuccess()) {
              readNext();
            } else {
              ctx.close();
            }
          });
    }
  }

  private void closeAfterAnswer(Exchange current) {
    if (current.answerWrite != null) {
      current.answerWrite.addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }

  /** After an answer on a kept-alive connection: pipelined requests first, then the socket. */
  private void readNext() {
    cancelDeadline();
    state = State.IDLE;
    exchange = null;
    while (!queued.isEmpty() && state != State.PROCESSING) {
      Object message = queued.poll();
      if (message instanceof HttpContent content) {
        queuedBytes -= content.content().readableBytes();
      }
      try {
        handle(message);
      } finally {
        ReferenceCountUtil.release(message);
      }
    }
    if (state != State.PROCESSING) {
      armDeadline(); // a pipelined request read before may wait for the rest of its body
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** Once per request: the body's bytes back to the budget, the request counted. */
  private void finish(Exchange current, int status) {
    if (current.finished) {
      return;
    }
    current.finished = true;
    current.releaseBodies();
    intake.requestFinished();
    intake.metrics.httpRequest(current.route, status, System.nanoTime() - current.startNanos);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelDeadline();
    Exchange current = exchange;
    if (current != null && state != State.PROCESSING && !current.answered) {
      finish(current, 499); // the client went away mid-request
    }
    while (!queued.isEmpty()) {
      ReferenceCountUtil.release(queued.poll());
    }
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent && state != State.PROCESSING) {
      LOG.debug("closing {}: nothing read within intake.idle-timeout", ctx.channel());
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("closing {}: {}", ctx.channel(), cause.toString(), cause);
    ctx.close();
  }
}
