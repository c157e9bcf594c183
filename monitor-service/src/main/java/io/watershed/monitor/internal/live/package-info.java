/**
 * The live minutes: the running minutes of the UBC IDs, counted from the monitoring queue (Kafka,
 * {@code ws.monitor}) for the windows that are not final yet, so {@code GET /v1/series} can show
 * them as provisional points. {@link io.watershed.monitor.internal.live.LiveFeed} reads the queue
 * and refreshes the watermark; {@link io.watershed.monitor.internal.live.LiveMinutes} holds the
 * counts, bounded by the watermark, the lookback and a cap on keys, and answers queries of points
 * with filters and a grouping. It knows nothing of series metrics or HTTP: {@code internal.query}
 * turns its partials into points. Only this package talks to Kafka.
 */
package io.watershed.monitor.internal.live;
