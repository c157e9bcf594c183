package io.watershed.collector.agent.internal.kafka;

import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

/**
 * The produce request of one batch ({@code acks=all}), and the partition's answer in a response.
 */
final class ProduceRequests {
  private ProduceRequests() {}

  /** The batch as its topic's data; the topic's name or id is set once the version is agreed. */
  static ProduceRequestData.TopicProduceData topicData(
      PartitionState partition, RecordBatch batch) {
    ProduceRequestData.TopicProduceData topicData = new ProduceRequestData.TopicProduceData();
    topicData
        .partitionData()
        .add(
            new ProduceRequestData.PartitionProduceData()
                .setIndex(partition.index)
                .setRecords(MemoryRecords.readableRecords(batch.bytes())));
    return topicData;
  }

  static ProduceRequest.Builder builder(
      ProduceRequestData.TopicProduceData topicData, int requestTimeoutMs) {
    ProduceRequestData data =
        new ProduceRequestData()
            .setAcks((short) -1)
            .setTimeoutMs(requestTimeoutMs)
            .setTransactionalId(null);
    data.topicData().add(topicData);
    return ProduceRequest.builder(data);
  }

  static ProduceResponseData.PartitionProduceResponse answerFor(
      ProduceResponse response, PartitionState partition, boolean byId) {
    for (ProduceResponseData.TopicProduceResponse topic : response.data().responses()) {
      boolean same =
          byId
              ? partition.topic.id.equals(topic.topicId())
              : partition.topic.name.equals(topic.name());
      if (!same) {
        continue;
      }
      for (ProduceResponseData.PartitionProduceResponse answer : topic.partitionResponses()) {
        if (answer.index() == partition.index) {
          return answer;
        }
      }
    }
    return null;
  }
}
