package io.watershed.collector.agent.internal.kafka;

import static java.util.Objects.requireNonNull;

import io.watershed.contracts.ProvenanceHeaders;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Records through Kafka's own {@link KafkaProducer} (the {@code client} engine). */
final class ClientOutput implements RecordOutput {
  private final KafkaProducer<byte[], byte[]> producer;
  private final RecordHeader agentHeader;
  private final RecordHeader hostHeader;
  private long readTsMillis = -1;
  private RecordHeader readTsHeader;

  ClientOutput(KafkaProducer<byte[], byte[]> producer, String agentId, String host) {
    this.producer = requireNonNull(producer, "producer is null");
    this.agentHeader = RecordSender.header(ProvenanceHeaders.AGENT, agentId);
    this.hostHeader = RecordSender.header(ProvenanceHeaders.HOST, host);
  }

  @Override
  public int partitionCount(String topic) {
    int count = producer.partitionsFor(topic).size();
    if (count == 0) {
      throw new org.apache.kafka.common.errors.TimeoutException(
          "Cannot find the partitions of topic " + topic);
    }
    return count;
  }

  @Override
  public void send(
      RecordFile file,
      String topic,
      int partition,
      long offset,
      long readTs,
      byte[] value,
      int from,
      int length,
      String skipped,
      PartitionQueue queue) {
    // the record's own headers, filled in place: no list of headers copied on the way
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic,
            partition,
            null,
            null,
            from == 0 && length == value.length
                ? value
                : java.util.Arrays.copyOfRange(value, from, from + length));
    Headers headers = record.headers();
    headers.add(agentHeader);
    headers.add(hostHeader);
    FileHeaders fileHeaders = file.headers();
    headers.add(fileHeaders.path(file.path()));
    headers.add(fileHeaders.fileId());
    headers.add(new RecordHeader(ProvenanceHeaders.FILE_OFFSET, RecordSender.decimal(offset)));
    if (readTs != readTsMillis) {
      readTsMillis = readTs;
      readTsHeader = RecordSender.header(ProvenanceHeaders.READ_TS, Long.toString(readTs));
    }
    headers.add(readTsHeader);
    if (skipped != null) {
      headers.add(RecordSender.header(ProvenanceHeaders.TRANSFORM_SKIPPED, skipped));
    }
    producer.send(record, queue);
  }

  @Override
  public void close(Duration timeout) {
    producer.close(timeout);
  }
}
