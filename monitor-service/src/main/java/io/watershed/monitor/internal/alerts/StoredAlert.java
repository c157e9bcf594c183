package io.watershed.monitor.internal.alerts;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;

/**
 * An alert rule as stored, with its evaluation progress.
 *
 * @param id the rule's number
 * @param revision how often it was saved: 1 when created
 * @param rule the definition, {@code startAt} set
 * @param createdAt when it was created
 * @param createdBy who created it (token name)
 * @param updatedAt when it was last changed
 * @param updatedBy who last changed it
 * @param nextWindow the start of the first window not evaluated yet, epoch ms
 * @param silent no_data: whether the silence held at the last evaluated window
 * @param evaluatedAt when windows were last evaluated, or null
 */
public record StoredAlert(
    long id,
    long revision,
    AlertRule rule,
    OffsetDateTime createdAt,
    String createdBy,
    OffsetDateTime updatedAt,
    String updatedBy,
    long nextWindow,
    boolean silent,
    OffsetDateTime evaluatedAt) {
  public StoredAlert {
    requireNonNull(rule, "rule is null");
    requireNonNull(rule.startAt(), "rule.startAt() is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(createdBy, "createdBy is null");
    requireNonNull(updatedAt, "updatedAt is null");
    requireNonNull(updatedBy, "updatedBy is null");
  }
}
