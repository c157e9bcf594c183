/**
 * The query API over the lake, through Trino (trino-jdbc, a HikariCP pool, timeouts): time series
 * of the UBC windows ({@link io.watershed.monitor.internal.query.SeriesRequest} validated, SQL from
 * enums with every value a parameter), the jobs' watermarks from {@code lake.ops.progress}, and
 * ad-hoc SQL run as a Trino user that Trino's own access control keeps read-only. It knows nothing
 * of HTTP: {@code internal.http} turns requests into calls of {@link
 * io.watershed.monitor.internal.query.QueryService}.
 */
package io.watershed.monitor.internal.query;
