package io.watershed.monitor.internal.query;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the monitor queries the lake through Trino: where, as whom, and within which limits.
 *
 * @param url the trino-jdbc URL ({@code jdbc:trino://host:port}); empty turns the query API off
 * @param user the Trino user of the series and watermark queries
 * @param adhocUser the Trino user of ad-hoc SQL: Trino's access control keeps it read-only
 * @param queryTimeout the longest a series or watermark query may run
 * @param poolSize connections to Trino at most, so queries at most at once (per kind)
 * @param adhocMaxRows rows an ad-hoc answer holds at most; more are cut off and flagged
 * @param adhocMaxBytes bytes of values an ad-hoc answer holds at most; more are cut off and flagged
 * @param adhocTimeout the longest an ad-hoc query may run, fetching included
 * @param watermarkJob the job whose row in {@code lake.ops.progress} is the windows' watermark
 */
public record QuerySettings(
    String url,
    String user,
    String adhocUser,
    Duration queryTimeout,
    int poolSize,
    int adhocMaxRows,
    long adhocMaxBytes,
    Duration adhocTimeout,
    String watermarkJob) {

  public QuerySettings {
    requireNonNull(url, "url is null");
    requireNonNull(user, "user is null");
    requireNonNull(adhocUser, "adhocUser is null");
    requireNonNull(queryTimeout, "queryTimeout is null");
    requireNonNull(adhocTimeout, "adhocTimeout is null");
    requireNonNull(watermarkJob, "watermarkJob is null");
  }

  /** Whether the query API is on: a Trino URL is configured. */
  public boolean enabled() {
    return !url.isEmpty();
  }
}
