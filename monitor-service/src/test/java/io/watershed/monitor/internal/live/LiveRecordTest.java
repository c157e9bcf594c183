package io.watershed.monitor.internal.live;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The monitoring queue's JSON values as ubc_monitor writes them (null fields left out). */
class LiveRecordTest {
  private static final JsonFactory JSON = new JsonFactory();

  private static LiveRecord read(String json) throws IOException {
    return LiveRecord.read(JSON, json.getBytes(UTF_8));
  }

  @Test
  void readsAFlowRecord() throws IOException {
    assertThat(
            read(
                """
                {"id":"e-1","ubc":"ubc_0003","t":"f","rts":1773136805000,"d1":"android",\
                "d3":"wifi","dur":1500,"rv":42,"dev":"device-9"}"""))
        .isEqualTo(
            new LiveRecord(
                "ubc_0003",
                "flow",
                1773136805000L,
                Arrays.asList("android", null, "wifi", null, null, null),
                1500L,
                "device-9"));
  }

  @Test
  void readsAnEventRecordAndSkipsWhatItDoesNotKnow() throws IOException {
    LiveRecord record =
        read(
            """
            {"ubc":"u","t":"e","extra":{"nested":[1,2,{"d1":"no"}]},"rts":5,"d6":"x",\
            "d2":null,"dur":null}""");
    assertThat(record.logType()).isEqualTo("event");
    assertThat(record.reportTime()).isEqualTo(5);
    assertThat(record.dimensions()).containsExactly(null, null, null, null, null, "x");
    assertThat(record.duration()).isNull();
    assertThat(record.device()).isNull();
  }

  @Test
  void refusesWhatIsNotAMonitoringRecord() throws IOException {
    assertThat(read("[1,2]")).isNull();
    assertThat(read("\"text\"")).isNull();
    assertThat(read("{\"t\":\"e\",\"rts\":5}")).as("no ubc").isNull();
    assertThat(read("{\"ubc\":\"u\",\"rts\":5}")).as("no type").isNull();
    assertThat(read("{\"ubc\":\"u\",\"t\":\"e\",\"rts\":\"5\"}")).as("rts as text").isNull();
    assertThat(LiveRecord.read(JSON, null)).isNull();
    assertThatThrownBy(() -> read("{\"ubc\":")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read("{\"ubc\":\"u\",\"t\":\"e\",\"rts\":99999999999999999999}"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void anUnknownLogTypeKeepsItsLetter() {
    assertThat(LiveRecord.logType("e")).isEqualTo("event");
    assertThat(LiveRecord.logType("f")).isEqualTo("flow");
    assertThat(LiveRecord.logType("x")).isEqualTo("x");
  }
}
