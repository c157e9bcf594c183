package io.watershed.collector.agent.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.collector.agent.AgentConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class BatchProducerSettingsTest {
  private static Map<String, Object> settings(String... pairs) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", "127.0.0.1:9092");
    settings.put("key.serializer", ByteArraySerializer.class);
    settings.put("value.serializer", ByteArraySerializer.class);
    for (int i = 0; i < pairs.length; i += 2) {
      settings.put(pairs[i], pairs[i + 1]);
    }
    return settings;
  }

  @Test
  void theCodecKeepsItsConfiguredLevel() {
    assertThat(
            BatchSettings.of(settings("compression.type", "zstd", "compression.zstd.level", "9"))
                .compression())
        .isEqualTo(Compression.zstd().level(9).build())
        .isNotEqualTo(Compression.zstd().build());
    assertThat(
            BatchSettings.of(settings("compression.type", "lz4", "compression.lz4.level", "12"))
                .compression())
        .isEqualTo(Compression.lz4().level(12).build());
    assertThat(
            BatchSettings.of(settings("compression.type", "gzip", "compression.gzip.level", "1"))
                .compression())
        .isEqualTo(Compression.gzip().level(1).build());
    assertThat(BatchSettings.of(settings("compression.type", "lz4")).compression())
        .isEqualTo(Compression.lz4().build());
  }

  @Test
  void theSettingsItHonoursAreKafkaProducerSettings() {
    assertThat(ProducerConfig.configNames()).containsAll(AgentConfig.BATCH_ENGINE_SETTINGS);
    assertThat(AgentConfig.BATCH_ENGINE_SETTINGS)
        .contains("linger.ms", "batch.size", "compression.zstd.level")
        .doesNotContain("buffer.memory", "delivery.timeout.ms", "partitioner.class");
  }

  @Test
  void onlyPlaintextIsSpoken() {
    assertThatThrownBy(() -> BatchSettings.of(settings("security.protocol", "SSL")))
        .hasMessageContaining("security.protocol=SSL")
        .hasMessageContaining("agent.kafka-engine=client");
  }
}
