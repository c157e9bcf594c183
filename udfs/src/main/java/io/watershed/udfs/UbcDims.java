package io.watershed.udfs;

import io.watershed.udfs.internal.RuleSet;
import io.watershed.udfs.internal.RulesClient;
import io.watershed.udfs.internal.RulesSettings;
import io.watershed.udfs.internal.SlotRule;
import io.watershed.udfs.internal.UbcRules;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

/**
 * {@code ubc_dims(ubc, common, ext)}: the six custom dimensions d1..d6 of a UBC record, mapped by
 * the monitor service's rules of its UBC ID, and the rule version used. The rules are pulled on a
 * heartbeat by a {@link RulesClient} shared by all subtasks of the JVM (job parameters {@code
 * watershed.rules.*}); a new version applies from the next record on, without a restart.
 *
 * <p>Values are never null: {@code ''} for a slot without rule and for every slot of a UBC ID the
 * rules do not have (counted as {@code unknown_ubc_total}) or have disabled; {@code '-'} for a
 * one-to-one slot whose source value is missing or empty after normalising; the default group for a
 * many-to-one slot whose value is missing or not in the table.
 *
 * <p>Not deterministic: the same record maps differently after a rule change (this also keeps the
 * planner from calling it while planning).
 */
public final class UbcDims extends ScalarFunction {
  public static final String NAME = "ubc_dims";

  /** The metric group under the operator's and its metrics. */
  public static final String METRIC_GROUP = "ubc_dims";

  public static final String METRIC_RULES_VERSION = "rules_version";
  public static final String METRIC_PULLS_OK = "rules_pulls_ok_total";
  public static final String METRIC_PULLS_FAILED = "rules_pulls_failed_total";
  public static final String METRIC_UNKNOWN_UBC = "unknown_ubc_total";
  public static final String METRIC_DISABLED_UBC = "disabled_ubc_total";

  private transient RulesClient client;
  private transient Counter unknownUbc;
  private transient Counter disabledUbc;

  @Override
  public void open(FunctionContext context) throws Exception {
    RulesSettings settings = RulesSettings.read(context::getJobParameter);
    MetricGroup metrics = context.getMetricGroup().addGroup(METRIC_GROUP);
    RulesClient shared = RulesClient.acquire(settings);
    try {
      shared.awaitFirstRules();
    } catch (InterruptedException | RuntimeException e) {
      shared.release();
      throw e;
    }
    client = shared;
    unknownUbc = metrics.counter(METRIC_UNKNOWN_UBC, new SimpleCounter());
    disabledUbc = metrics.counter(METRIC_DISABLED_UBC, new SimpleCounter());
    metrics.gauge(METRIC_RULES_VERSION, (Gauge<Long>) () -> shared.current().version());
    metrics.counter(METRIC_PULLS_OK, new ReadOnlyCounter(shared::pullsOk));
    metrics.counter(METRIC_PULLS_FAILED, new ReadOnlyCounter(shared::pullsFailed));
  }

  @Override
  public void close() {
    RulesClient shared = client;
    client = null;
    if (shared != null) {
      shared.release();
    }
  }

  public @DataTypeHint(
      "ROW<d1 STRING, d2 STRING, d3 STRING, d4 STRING, d5 STRING, d6 STRING, rules_version BIGINT>")
  Row eval(
      String ubc,
      @DataTypeHint("MAP<STRING, STRING>") Map<String, String> common,
      @DataTypeHint("MAP<STRING, STRING>") Map<String, String> ext) {
    RuleSet rules = client.current();
    UbcRules ubcRules = rules.rules(ubc);
    if (ubcRules == null || !ubcRules.enabled()) {
      (ubcRules == null ? unknownUbc : disabledUbc).inc();
      String none = SlotRule.NO_RULE;
      return Row.of(none, none, none, none, none, none, rules.version());
    }
    return Row.of(
        ubcRules.apply(0, common, ext),
        ubcRules.apply(1, common, ext),
        ubcRules.apply(2, common, ext),
        ubcRules.apply(3, common, ext),
        ubcRules.apply(4, common, ext),
        ubcRules.apply(5, common, ext),
        rules.version());
  }

  @Override
  public boolean isDeterministic() {
    return false;
  }

  /** For tests: the unknown-UBC count of this instance. */
  long unknownUbcCount() {
    return unknownUbc.getCount();
  }

  long disabledUbcCount() {
    return disabledUbc.getCount();
  }

  RulesClient client() {
    return client;
  }

  /** A counter kept by the shared client: every subtask of the JVM reports the same count. */
  private record ReadOnlyCounter(java.util.function.LongSupplier count) implements Counter {
    @Override
    public void inc() {
      throw new UnsupportedOperationException("Cannot change a shared rules counter");
    }

    @Override
    public void inc(long n) {
      throw new UnsupportedOperationException("Cannot change a shared rules counter");
    }

    @Override
    public void dec() {
      throw new UnsupportedOperationException("Cannot change a shared rules counter");
    }

    @Override
    public void dec(long n) {
      throw new UnsupportedOperationException("Cannot change a shared rules counter");
    }

    @Override
    public long getCount() {
      return count.getAsLong();
    }
  }
}
