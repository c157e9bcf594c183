package io.watershed.trino.sketches;

import io.trino.spi.function.AccumulatorStateFactory;
import io.trino.spi.function.GroupedAccumulatorState;
import java.util.Arrays;
import org.apache.datasketches.theta.CompactThetaSketch;
import org.apache.datasketches.theta.ThetaSketch;
import org.apache.datasketches.theta.ThetaUnion;

/** Union states for a global aggregation (one union) and a grouped one (a union per group). */
public final class UnionStateFactory implements AccumulatorStateFactory<UnionState> {
  /** A rough size of a state object and of a union object without its hash table. */
  private static final long OBJECT_BYTES = 64;

  @Override
  public UnionState createSingleState() {
    return new SingleUnionState();
  }

  @Override
  public UnionState createGroupedState() {
    return new GroupedUnionState();
  }

  private abstract static class BaseUnionState implements UnionState {
    abstract ThetaUnion union();

    abstract void setUnion(ThetaUnion union);

    /** The change of the retained size, for memory accounting. */
    abstract void grew(long bytes);

    @Override
    public void startIfEmpty() {
      if (union() == null) {
        ThetaUnion union = ThetaSketches.newUnion();
        setUnion(union);
        grew(OBJECT_BYTES + union.getCurrentBytes());
      }
    }

    @Override
    public void add(ThetaSketch sketch) {
      startIfEmpty();
      ThetaUnion union = union();
      long before = union.getCurrentBytes();
      union.union(sketch);
      grew(union.getCurrentBytes() - before);
    }

    @Override
    public void reset() {
      ThetaUnion union = union();
      if (union != null) {
        grew(-(OBJECT_BYTES + union.getCurrentBytes()));
        setUnion(null);
      }
    }

    @Override
    public void addAll(UnionState other) {
      CompactThetaSketch sketch = other.result();
      if (sketch != null) {
        add(sketch);
      }
    }

    @Override
    public CompactThetaSketch result() {
      ThetaUnion union = union();
      return union == null ? null : union.getResult();
    }
  }

  private static final class SingleUnionState extends BaseUnionState {
    private ThetaUnion union;
    private long retainedBytes = OBJECT_BYTES;

    @Override
    ThetaUnion union() {
      return union;
    }

    @Override
    void setUnion(ThetaUnion union) {
      this.union = union;
    }

    @Override
    void grew(long bytes) {
      retainedBytes += bytes;
    }

    @Override
    public long getEstimatedSize() {
      return retainedBytes;
    }
  }

  private static final class GroupedUnionState extends BaseUnionState
      implements GroupedAccumulatorState {
    private ThetaUnion[] unions = new ThetaUnion[0];
    private int groupId;
    private long retainedBytes = OBJECT_BYTES;

    @Override
    public void setGroupId(int groupId) {
      this.groupId = groupId;
    }

    @Override
    public void ensureCapacity(int size) {
      if (size > unions.length) {
        int capacity = Math.max(size, (int) Math.min(Integer.MAX_VALUE - 8, unions.length * 2L));
        retainedBytes += (long) (capacity - unions.length) * Long.BYTES;
        unions = Arrays.copyOf(unions, capacity);
      }
    }

    @Override
    ThetaUnion union() {
      return unions[groupId];
    }

    @Override
    void setUnion(ThetaUnion union) {
      unions[groupId] = union;
    }

    @Override
    void grew(long bytes) {
      retainedBytes += bytes;
    }

    @Override
    public long getEstimatedSize() {
      return retainedBytes;
    }
  }
}
