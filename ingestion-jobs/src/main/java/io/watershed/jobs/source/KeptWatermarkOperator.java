package io.watershed.jobs.source;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;

/**
 * Passes records on unchanged and keeps the watermark in checkpoints, so that after a restore the
 * operators downstream start from the watermark they had instead of from none.
 *
 * <p>Why: Flink's window operators keep their watermark in state and drop a record whose window
 * ended at or before it, while {@code CURRENT_WATERMARK} in a Calc starts from null after a
 * restore. A job that decides "late or on time" in a Calc and counts the records on time in windows
 * (as {@code sql/jobs/ubc_windows.sql} does) would then count a record as on time that the window
 * drops silently: it would be in no window and not in the late table. With the watermark kept here,
 * upstream of both, the Calc's watermark after a restore is at least the windows' (this operator is
 * upstream of the windows when the checkpoint is taken), and the two decisions agree again.
 */
final class KeptWatermarkOperator extends AbstractStreamOperator<RowData>
    implements OneInputStreamOperator<RowData, RowData> {
  private static final long serialVersionUID = 1L;

  private transient WatermarkKeeper keeper;
  private transient ListState<Long> kept;

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    keeper = new WatermarkKeeper();
    kept =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>("watermark", LongSerializer.INSTANCE));
    if (context.isRestored()) {
      keeper.restore(kept.get());
    }
  }

  @Override
  public void processElement(StreamRecord<RowData> element) {
    keeper.beforeRecord().ifPresent(watermark -> output.emitWatermark(new Watermark(watermark)));
    output.collect(element);
  }

  @Override
  public void processWatermark(Watermark mark) {
    keeper
        .onWatermark(mark.getTimestamp())
        .ifPresent(watermark -> output.emitWatermark(new Watermark(watermark)));
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    kept.update(List.of(keeper.toKeep()));
  }
}
