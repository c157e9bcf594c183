package io.watershed.bench.traffic;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes generated records straight into a Kafka topic, with the intake's provenance headers: the
 * input of the jobs' benchmark, without the intake in the way.
 */
public final class KafkaLoader {
  private KafkaLoader() {}

  /** Creates the topic (partitions as given) and loads the records; returns how many. */
  public static long load(
      String bootstrap, String topic, int partitions, Iterable<GeneratedRecord> records)
      throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Map<String, Object> settings =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4",
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024);
    long count = 0;
    String batch = UUID.randomUUID().toString();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (GeneratedRecord record : records) {
        ProducerRecord<byte[], byte[]> message =
            new ProducerRecord<>(topic, null, record.json().getBytes(StandardCharsets.UTF_8));
        message.headers().add("app", bytes("bench"));
        message.headers().add("channel", bytes(record.intakeChannel()));
        message.headers().add("batch_id", bytes(batch));
        message.headers().add("batch_index", bytes(Long.toString(count)));
        message.headers().add("receive_ts", bytes(Long.toString(System.currentTimeMillis())));
        producer.send(message);
        count++;
      }
      producer.flush();
    }
    return count;
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
