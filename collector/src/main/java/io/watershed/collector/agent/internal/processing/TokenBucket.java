package io.watershed.collector.agent.internal.processing;

/**
 * A source's rate limit: tokens (lines) refill at {@code perSecond}, up to one second's worth;
 * reading takes one per line and stops when none is left. Used by the reading thread only.
 */
public final class TokenBucket {
  private final long perSecond;
  private final double perNano;
  private double tokens;
  private long lastNanos;

  TokenBucket(long perSecond, long nowNanos) {
    this.perSecond = perSecond;
    this.perNano = perSecond / 1e9;
    this.lastNanos = nowNanos;
  }

  /** Whole tokens available now. */
  public long available(long nowNanos) {
    tokens = Math.min(perSecond, tokens + (nowNanos - lastNanos) * perNano);
    lastNanos = nowNanos;
    return (long) tokens;
  }

  public void take(long lines) {
    tokens -= lines;
  }

  /** How long until a twentieth of a second's worth (at least one line) is available. */
  public long nanosUntilRefilled() {
    double wanted = Math.max(1, perSecond / 20.0);
    return Math.max(1_000_000L, (long) Math.ceil((wanted - tokens) / perNano));
  }
}
