package io.watershed.jobs.source;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * Flink's Kafka table source with {@link KeptWatermarkOperator} after it: everything (options,
 * metadata columns, the pushed-down watermark) is the Kafka source's; only the stream it produces
 * goes through the operator that keeps the watermark in checkpoints.
 */
final class KeptWatermarkKafkaSource
    implements ScanTableSource, SupportsReadingMetadata, SupportsWatermarkPushDown {
  private final ScanTableSource kafka;

  KeptWatermarkKafkaSource(ScanTableSource kafka) {
    this.kafka = requireNonNull(kafka, "kafka is null");
  }

  @Override
  public ChangelogMode getChangelogMode() {
    return kafka.getChangelogMode();
  }

  @Override
  public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
    ScanRuntimeProvider provider = kafka.getScanRuntimeProvider(context);
    if (!(provider instanceof DataStreamScanProvider streams)) {
      throw new IllegalStateException(
          "Cannot keep the watermark of " + kafka.asSummaryString() + ": it gives no data stream");
    }
    return new DataStreamScanProvider() {
      @Override
      public DataStream<RowData> produceDataStream(
          ProviderContext provided, StreamExecutionEnvironment environment) {
        DataStream<RowData> records = streams.produceDataStream(provided, environment);
        SingleOutputStreamOperator<RowData> kept =
            records
                .transform("Kept watermark", records.getType(), new KeptWatermarkOperator())
                .setParallelism(records.getParallelism());
        provided.generateUid("kept-watermark").ifPresent(kept::uid);
        return kept;
      }

      @Override
      public boolean isBounded() {
        return streams.isBounded();
      }

      @Override
      public Optional<Integer> getParallelism() {
        return streams.getParallelism();
      }
    };
  }

  @Override
  public Map<String, DataType> listReadableMetadata() {
    return ((SupportsReadingMetadata) kafka).listReadableMetadata();
  }

  @Override
  public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
    ((SupportsReadingMetadata) kafka).applyReadableMetadata(metadataKeys, producedDataType);
  }

  @Override
  public boolean supportsMetadataProjection() {
    return ((SupportsReadingMetadata) kafka).supportsMetadataProjection();
  }

  @Override
  public void applyWatermark(WatermarkStrategy<RowData> watermarkStrategy) {
    ((SupportsWatermarkPushDown) kafka).applyWatermark(watermarkStrategy);
  }

  @Override
  public DynamicTableSource copy() {
    return new KeptWatermarkKafkaSource((ScanTableSource) kafka.copy());
  }

  @Override
  public String asSummaryString() {
    return kafka.asSummaryString() + " with kept watermark";
  }
}
