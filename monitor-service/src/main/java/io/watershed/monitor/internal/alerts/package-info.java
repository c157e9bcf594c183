/**
 * Alerts on the UBC windows: rules per UBC ID (optionally one dimension value) of kind drop, spike,
 * threshold or no_data, validated and stored ({@link
 * io.watershed.monitor.internal.alerts.AlertService}); evaluated only on final windows, each window
 * of each rule once ({@link io.watershed.monitor.internal.alerts.AlertEvaluator}, the decision
 * itself in {@code AlertDecision}); and delivered by webhook from an outbox in the store, with
 * retries ({@link io.watershed.monitor.internal.alerts.AlertDelivery}). It knows nothing of HTTP
 * requests: {@code internal.http} serves the rules and the firings.
 */
package io.watershed.monitor.internal.alerts;
