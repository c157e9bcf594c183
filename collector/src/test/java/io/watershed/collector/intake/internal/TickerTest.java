package io.watershed.collector.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.collector.internal.Metrics;
import io.watershed.contracts.Ticks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class TickerTest {
  @Test
  void aTickIsAnEmptyRecordWithItsTimeInTheTickHeader() {
    ProducerRecord<byte[], byte[]> tick = Ticker.record("ws.raw.ubc", 3, 1_795_000_000_123L);

    assertThat(tick.topic()).isEqualTo("ws.raw.ubc");
    assertThat(tick.partition()).isEqualTo(3);
    assertThat(tick.timestamp()).isEqualTo(1_795_000_000_123L);
    assertThat(tick.key()).isNull();
    assertThat(tick.value()).isEmpty();
    Header[] headers = tick.headers().toArray();
    assertThat(headers).hasSize(1);
    assertThat(headers[0].key()).isEqualTo(Ticks.HEADER);
    assertThat(new String(headers[0].value(), StandardCharsets.UTF_8)).isEqualTo("1795000000123");
  }

  @Test
  void theIntervalMustBePositive() {
    assertThatThrownBy(
            () ->
                Ticker.start(
                    null,
                    "t",
                    Duration.ZERO,
                    System::currentTimeMillis,
                    new Metrics().component("intake")))
        .hasMessage("Cannot tick every PT0S: the interval must be positive");
  }
}
