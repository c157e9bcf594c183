/**
 * Pipeline health for {@code GET /v1/pipeline}: the Flink jobs from Flink's REST API (java.net.http
 * with timeouts, Jackson), and from the lake through {@link
 * io.watershed.monitor.internal.query.QueryService} each table's last commit, the jobs' watermarks
 * and the late-record rate. Each part answers on its own: one that is not configured or not
 * reachable says so, and the others still answer.
 */
package io.watershed.monitor.internal.pipeline;
