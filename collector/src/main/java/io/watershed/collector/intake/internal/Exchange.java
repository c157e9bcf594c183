package io.watershed.collector.intake.internal;

import io.netty.channel.ChannelFuture;
import java.util.UUID;

/** One request and its answer, as the connection's handler tracks it. */
final class Exchange {
  final long startNanos = System.nanoTime();
  final long receiveTs = System.currentTimeMillis();
  final boolean keepAlive;
  final boolean head;
  String route = "other";
  String app;
  String channel;
  boolean gzip;
  UUID batchId;
  BodyBuffer body;
  BodyBuffer inflated;
  long bodyCompleteNanos;
  long receivedBytes;
  long discardedBytes;
  long discardAllowance;
  boolean answered;
  boolean finished;
  ChannelFuture answerWrite;

  Exchange(boolean keepAlive, boolean head) {
    this.keepAlive = keepAlive;
    this.head = head;
  }

  /** Gives the body's bytes back to the in-flight budget. */
  void releaseBodies() {
    if (body != null) {
      body.release();
    }
    if (inflated != null) {
      inflated.release();
    }
  }
}
