/**
 * UBC rules: UBC IDs, dimensions and mapping tables, their validation, the versioned store, the
 * JSON views of them, and the demo rule set. {@link
 * io.watershed.monitor.internal.rules.RuleService} reads and writes them.
 */
package io.watershed.monitor.internal.rules;
