package io.watershed.collector.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  @Test
  void acceptsWellFormedUtf8() {
    String text =
        "plain ASCII, then caf\u00e9 \u4e2d\u6587 \ud83d\ude00 \u007f and \uffff".repeat(3);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

    assertThat(Utf8.firstInvalid(bytes, 0, bytes.length)).isEqualTo(-1);
    assertThat(Utf8.firstInvalid(new byte[0], 0, 0)).isEqualTo(-1);
    assertThat(Utf8.firstInvalid(bytes(0xf4, 0x8f, 0xbf, 0xbf), 0, 4)).isEqualTo(-1); // U+10FFFF
  }

  @Test
  void findsTheFirstMalformedByte() {
    assertThat(invalid(0x80)).isZero(); // stray continuation byte
    assertThat(invalid(0xc0, 0xaf)).isZero(); // overlong '/'
    assertThat(invalid(0xc1, 0xbf)).isZero(); // overlong
    assertThat(invalid(0xe0, 0x80, 0xaf)).isZero(); // overlong
    assertThat(invalid(0xf0, 0x80, 0x80, 0xaf)).isZero(); // overlong
    assertThat(invalid(0xed, 0xa0, 0x80)).isZero(); // a surrogate, U+D800
    assertThat(invalid(0xf4, 0x90, 0x80, 0x80)).isZero(); // past U+10FFFF
    assertThat(invalid(0xf5, 0x80, 0x80, 0x80)).isZero();
    assertThat(invalid(0xff)).isZero();
    assertThat(invalid('a', 'b', 0xc3)).isEqualTo(2); // truncated at the end
    assertThat(invalid('a', 0xe4, 0xb8, 'x')).isEqualTo(1); // bad continuation
    assertThat(invalid('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 0)).isEqualTo(9); // NUL
  }

  @Test
  void refusesUtf16AndUtf32EvenOfAsciiText() {
    for (Charset charset :
        new Charset[] {
          StandardCharsets.UTF_16LE,
          StandardCharsets.UTF_16BE,
          StandardCharsets.UTF_16,
          Charset.forName("UTF-32LE"),
          Charset.forName("UTF-32")
        }) {
      byte[] bytes = "{\"id\":\"abcdefgh\"}".getBytes(charset);
      assertThat(Utf8.firstInvalid(bytes, 0, bytes.length)).as(charset.name()).isBetween(0, 3);
    }
  }

  @Test
  void checksOnlyTheRangeGiven() {
    byte[] bytes = bytes('a', 'b', 0xff, 'c');

    assertThat(Utf8.firstInvalid(bytes, 0, 2)).isEqualTo(-1);
    assertThat(Utf8.firstInvalid(bytes, 3, 4)).isEqualTo(-1);
    assertThat(Utf8.firstInvalid(bytes, 1, 4)).isEqualTo(2);
  }

  private static int invalid(int... values) {
    byte[] bytes = bytes(values);
    return Utf8.firstInvalid(bytes, 0, bytes.length);
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }
}
