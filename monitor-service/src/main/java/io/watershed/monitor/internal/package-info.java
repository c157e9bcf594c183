/**
 * What every concern of the monitor service shares: the error model ({@link
 * io.watershed.monitor.internal.ApiException}, {@link
 * io.watershed.monitor.internal.MonitorErrorCode}, {@link
 * io.watershed.monitor.internal.Violation}), reading JSON request bodies, the counters, and the
 * normalisation steps. The layers below it are checked by {@code MonitorArchitectureTest}: this
 * package depends on none of them; {@code store} on none of the concerns; {@code auth}, {@code
 * rules} and {@code fleet} on the store; {@code live} (the monitoring queue) on none of the
 * concerns, {@code query} on it; {@code http} on all of them, and nothing on {@code http}.
 */
package io.watershed.monitor.internal;
