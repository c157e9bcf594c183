package io.watershed.jobs.source;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicTableFactory;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.factories.DynamicTableSourceFactory;

/**
 * {@code 'connector' = 'kafka-kept-watermark'}: Flink's Kafka connector, with the same options,
 * whose watermark is kept in checkpoints ({@link KeptWatermarkOperator}). For a job that decides
 * lateness with {@code CURRENT_WATERMARK} and counts in window operators, such as {@code
 * sql/jobs/ubc_windows.sql}: the two decisions stay the same through a restore.
 */
public final class KeptWatermarkKafkaFactory implements DynamicTableSourceFactory {
  public static final String IDENTIFIER = "kafka-kept-watermark";

  private final KafkaDynamicTableFactory kafka = new KafkaDynamicTableFactory();

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return kafka.requiredOptions();
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return kafka.optionalOptions();
  }

  @Override
  public Set<ConfigOption<?>> forwardOptions() {
    return kafka.forwardOptions();
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    DynamicTableSource source = kafka.createDynamicTableSource(context);
    if (!(source instanceof ScanTableSource scan
        && source instanceof SupportsReadingMetadata
        && source instanceof SupportsWatermarkPushDown)) {
      throw new IllegalStateException(
          "Cannot keep the watermark of " + source.asSummaryString() + ": not a Kafka scan");
    }
    return new KeptWatermarkKafkaSource(scan);
  }
}
