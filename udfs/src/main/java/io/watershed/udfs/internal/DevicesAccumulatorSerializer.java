package io.watershed.udfs.internal;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link DevicesAccumulator} (the RAW accumulator type of {@code
 * ubc_devices}): a length and the compact sketch bytes. Copies go through the bytes too.
 */
public final class DevicesAccumulatorSerializer
    extends TypeSerializerSingleton<DevicesAccumulator> {
  public static final DevicesAccumulatorSerializer INSTANCE = new DevicesAccumulatorSerializer();
  private static final long serialVersionUID = 1L;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public DevicesAccumulator createInstance() {
    return new DevicesAccumulator();
  }

  @Override
  public DevicesAccumulator copy(DevicesAccumulator from) {
    return DevicesAccumulator.of(from.toByteArray());
  }

  @Override
  public DevicesAccumulator copy(DevicesAccumulator from, DevicesAccumulator reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(DevicesAccumulator record, DataOutputView target) throws IOException {
    byte[] bytes = record.toByteArray();
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  @Override
  public DevicesAccumulator deserialize(DataInputView source) throws IOException {
    int length = source.readInt();
    if (length < 0) {
      throw new IOException("Cannot read a devices accumulator: negative length " + length);
    }
    byte[] bytes = new byte[length];
    source.readFully(bytes);
    return DevicesAccumulator.of(bytes);
  }

  @Override
  public DevicesAccumulator deserialize(DevicesAccumulator reuse, DataInputView source)
      throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    int length = source.readInt();
    target.writeInt(length);
    target.write(source, length);
  }

  @Override
  public TypeSerializerSnapshot<DevicesAccumulator> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer has no configuration: its snapshot only names it. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<DevicesAccumulator> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
