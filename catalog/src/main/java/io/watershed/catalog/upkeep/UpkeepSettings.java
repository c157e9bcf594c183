package io.watershed.catalog.upkeep;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Lake upkeep's configuration (keys in {@link UpkeepKeys}).
 *
 * @param enabled whether rounds run on a schedule (on-demand rounds run either way)
 * @param interval the pause between the end of one scheduled round and the start of the next
 * @param trinoUrl {@code jdbc:trino://host:port}; empty: the Trino steps are skipped
 * @param trinoUser the Trino user upkeep's statements run as
 * @param trinoCatalog the Trino catalog over this REST catalog
 * @param statementTimeout longest one upkeep statement may run before Trino cancels it
 * @param conflictRetries how often a step that lost a commit race is tried again in a round
 * @param fileSizeThresholdBytes data files smaller than this are compacted
 * @param orphanRetention files no snapshot references are removed only when older than this
 * @param policies what is done to each lake table, in {@code LakeTables.ALL}'s order
 */
public record UpkeepSettings(
    boolean enabled,
    Duration interval,
    String trinoUrl,
    String trinoUser,
    String trinoCatalog,
    Duration statementTimeout,
    int conflictRetries,
    long fileSizeThresholdBytes,
    Duration orphanRetention,
    List<TablePolicy> policies) {
  public UpkeepSettings {
    requireNonNull(interval, "interval is null");
    requireNonNull(trinoUrl, "trinoUrl is null");
    requireNonNull(trinoUser, "trinoUser is null");
    requireNonNull(trinoCatalog, "trinoCatalog is null");
    requireNonNull(statementTimeout, "statementTimeout is null");
    requireNonNull(orphanRetention, "orphanRetention is null");
    policies = List.copyOf(requireNonNull(policies, "policies is null"));
  }

  /** The policy of one lake table. */
  public Optional<TablePolicy> policy(TableIdentifier table) {
    return policies.stream().filter(policy -> policy.table().equals(table)).findFirst();
  }

  /** Whether the Trino steps (compaction, manifests, snapshots, orphans) can run. */
  public boolean trinoConfigured() {
    return !trinoUrl.isEmpty();
  }
}
