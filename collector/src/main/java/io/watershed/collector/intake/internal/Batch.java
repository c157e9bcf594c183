package io.watershed.collector.intake.internal;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * The records of one accepted request, with their provenance.
 *
 * @param app the app the key belongs to
 * @param channel client, server or h5
 * @param batchId one per request
 * @param receiveTs when the request arrived, epoch milliseconds
 * @param body the (inflated) body the records lie in
 * @param records where each record lies in {@code body}
 */
record Batch(
    String app, String channel, UUID batchId, long receiveTs, byte[] body, Records records) {
  Batch {
    requireNonNull(app, "app is null");
    requireNonNull(channel, "channel is null");
    requireNonNull(batchId, "batchId is null");
    requireNonNull(body, "body is null");
    requireNonNull(records, "records is null");
  }
}
