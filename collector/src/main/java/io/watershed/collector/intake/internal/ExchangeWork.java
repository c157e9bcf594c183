package io.watershed.collector.intake.internal;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.watershed.collector.internal.CollectorErrorCode;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.zip.ZipException;

/**
 * What a worker does with a request whose body is complete: inflate, split and send a post; check
 * Kafka for {@code /health}. Never blocks an event loop, and always ends in exactly one outcome.
 */
final class ExchangeWork {
  /** Where the answer goes: the connection's handler. */
  interface Outcome {
    void answer(Exchange exchange, FullHttpResponse response);

    void fail(Exchange exchange, String stage, IntakeException failure);
  }

  private final IntakeContext intake;
  private final ByteBufAllocator allocator;
  private final Outcome outcome;

  ExchangeWork(IntakeContext intake, ByteBufAllocator allocator, Outcome outcome) {
    this.intake = requireNonNull(intake, "intake is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.outcome = requireNonNull(outcome, "outcome is null");
  }

  /** Inflate, split, send; the outcome comes once Kafka acknowledged every record, or failed. */
  void post(Exchange exchange) {
    try {
      BodyBuffer body = exchange.body;
      if (exchange.gzip) {
        exchange.inflated = new BodyBuffer(intake.budget, intake.config.maxBodyBytes());
        BodyBuffer.Status status = inflate(body, exchange.inflated);
        body.release();
        if (status != BodyBuffer.Status.OK) {
          throw RequestChecks.bodyRefusal(intake, status, -1, true);
        }
        body = exchange.inflated;
      }
      Records records =
          RecordSplitter.split(
              body.array(),
              body.length(),
              intake.config.maxRecordBytes(),
              intake.config.maxRequestRecords());
      intake.counters.receivedEvents(records.count());
      Batch batch =
          new Batch(
              exchange.app,
              exchange.channel,
              exchange.batchId,
              exchange.receiveTs,
              body.array(),
              records);
      long deadline = exchange.bodyCompleteNanos + intake.config.sendTimeout().toNanos();
      intake
          .sender
          .send(batch, deadline)
          .whenComplete(
              (count, error) -> {
                if (error == null) {
                  outcome.answer(exchange, Responses.accepted(allocator, count));
                } else {
                  outcome.fail(exchange, "send", unwrap(error));
                }
              });
    } catch (IntakeException e) {
      intake.counters.receivedEvents(e.discardedEvents());
      outcome.fail(exchange, "decode", e);
    } catch (RuntimeException | Error e) {
      // answered even on OutOfMemoryError: a request must never hang unanswered; the cause is
      // logged, never shown to the client
      outcome.fail(
          exchange,
          "decode",
          new IntakeException(
              CollectorErrorCode.INTERNAL_ERROR,
              "Cannot process the request: internal error (logged with batch id)",
              e));
      if (e instanceof Error error) {
        throw error;
      }
    }
  }

  /** {@code /health}: 200 when Kafka's cluster metadata comes in time, else 503. */
  void health(Exchange exchange) {
    try {
      int brokers = intake.health.check();
      outcome.answer(
          exchange,
          Responses.json(
              allocator, HttpResponseStatus.OK, Map.of("status", "up", "brokers", brokers)));
    } catch (IntakeException e) {
      outcome.fail(exchange, "health", e);
    } catch (RuntimeException e) {
      outcome.fail(
          exchange,
          "health",
          new IntakeException(
              CollectorErrorCode.INTERNAL_ERROR,
              "Cannot check Kafka's health: internal error (logged)",
              e));
    }
  }

  private static BodyBuffer.Status inflate(BodyBuffer compressed, BodyBuffer out)
      throws IntakeException {
    try {
      return GzipBody.inflate(compressed, out);
    } catch (ZipException e) {
      throw new IntakeException(
          CollectorErrorCode.BAD_GZIP, "Cannot inflate the gzip body: " + e.getMessage(), e);
    }
  }

  private static IntakeException unwrap(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof IntakeException failure) {
      return failure;
    }
    return new IntakeException(
        CollectorErrorCode.INTERNAL_ERROR,
        "Cannot send records: internal error (logged with batch id)",
        cause);
  }
}
