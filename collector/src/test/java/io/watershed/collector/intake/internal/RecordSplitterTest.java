package io.watershed.collector.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.collector.internal.CollectorErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordSplitterTest {
  @Test
  void jsonLinesKeepEachLineAsItIs() throws Exception {
    String body =
        "{\"id\":\"a\",\"ubc\":\"1\"}\n"
            + "\n"
            + "  {\"id\": \"b\" }  \r\n"
            + "   \t\n"
            + "[1, 2]\n"
            + "\"just a string\"\n"
            + "42\n"
            + "{\"id\":\"c\",\"s\":\"caf\u00e9 \u4e2d\u6587 \\u00e9\"}";

    assertThat(split(body, 1000))
        .containsExactly(
            "{\"id\":\"a\",\"ubc\":\"1\"}",
            "  {\"id\": \"b\" }  ",
            "[1, 2]",
            "\"just a string\"",
            "42",
            "{\"id\":\"c\",\"s\":\"caf\u00e9 \u4e2d\u6587 \\u00e9\"}");
  }

  @Test
  void arrayElementsKeepTheirExactText() throws Exception {
    String body =
        "\r\n [ {\"id\":\"a\", \"n\" : [1,2,{\"x\":null}]},\n"
            + "   \"text with \\\" quote\" ,42, -1.5e3,true,null,\n"
            + "  {\"s\":\"caf\u00e9 \u4e2d\"} , [] ]  \n";

    assertThat(split(body, 1000))
        .containsExactly(
            "{\"id\":\"a\", \"n\" : [1,2,{\"x\":null}]}",
            "\"text with \\\" quote\"",
            "42",
            "-1.5e3",
            "true",
            "null",
            "{\"s\":\"caf\u00e9 \u4e2d\"}",
            "[]");
  }

  @Test
  void emptyBodiesHoldNoRecord() throws Exception {
    assertThat(split("", 100)).isEmpty();
    assertThat(split("\n \r\n\t\n", 100)).isEmpty();
    assertThat(split("[]", 100)).isEmpty();
    assertThat(split(" [ \n ] \n", 100)).isEmpty();
  }

  @Test
  void byteOrderMarkIsSkipped() throws Exception {
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    byte[] lines = concat(bom, "{\"a\":1}\n{\"b\":2}".getBytes(StandardCharsets.UTF_8));
    byte[] array = concat(bom, "[{\"a\":1},{\"b\":2}]".getBytes(StandardCharsets.UTF_8));

    assertThat(split(lines, 100)).containsExactly("{\"a\":1}", "{\"b\":2}");
    assertThat(split(array, 100)).containsExactly("{\"a\":1}", "{\"b\":2}");
  }

  @Test
  void firstBadLineIsNamed() {
    String body = "{\"id\":\"a\"}\n\n{\"id\":\"b\"}\n{\"id\": \n{\"id\":\"d\"}\nnope\n";

    assertThatThrownBy(() -> split(body, 1000))
        .isInstanceOfSatisfying(
            IntakeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(CollectorErrorCode.BAD_BODY);
              assertThat(e.line()).isEqualTo(4);
              assertThat(e.reason()).startsWith("not JSON: Unexpected end-of-input");
              assertThat(e.discardedEvents()).isEqualTo(2);
              assertThat(e.getMessage()).startsWith("Cannot read UBC records at line 4: not JSON");
            });
  }

  @Test
  void badLinesOfEveryKind() {
    assertThat(badLine("plain text")).isEqualTo(1);
    assertThat(badLine("{\"a\":1}\n{\"a\":1} trailing")).isEqualTo(2);
    assertThat(badLine("{\"a\":1}\n{\"a\":1}{\"b\":2}")).isEqualTo(2);
    assertThat(badLine("{\"a\":1}\n\n\n'single quotes'")).isEqualTo(4);
    assertThat(badLine("{\"a\":1,}")).isEqualTo(1);
    assertThat(badLine("\"unterminated")).isEqualTo(1);
    assertThat(badLine("{\"a\":NaN}")).isEqualTo(1);
  }

  @Test
  void badArrayNamesTheLineOfTheProblem() {
    assertThat(badLine("[\n{\"a\":1},\n{\"a\":2},\n{\"a\" 3}\n]")).isEqualTo(4);
    assertThat(badLine("[{\"a\":1}")).isEqualTo(1);
    assertThat(badLine("[{\"a\":1},]")).isEqualTo(1);
    assertThat(badLine("[1,2]\n[3]")).isEqualTo(2);
  }

  @Test
  void trailingContentAfterTheArrayIsRefused() {
    assertThatThrownBy(() -> split("[1,2]\n\n{\"a\":1}", 100))
        .isInstanceOfSatisfying(
            IntakeException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.reason()).isEqualTo("content after the end of the JSON array");
              assertThat(e.discardedEvents()).isEqualTo(2);
            });
  }

  @Test
  void recordsLargerThanTheLimitAreRefusedWithTheirLine() {
    String big = "{\"pad\":\"" + "x".repeat(100) + "\"}";

    assertThatThrownBy(() -> split("{}\n" + big + "\n{}", 100))
        .isInstanceOfSatisfying(
            IntakeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(CollectorErrorCode.RECORD_TOO_LARGE);
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.reason())
                  .isEqualTo("record of 110 bytes, more than intake.max-record-bytes (100)");
            });
    assertThatThrownBy(() -> split("[{},\n\n" + big + "]", 100))
        .isInstanceOfSatisfying(
            IntakeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(CollectorErrorCode.RECORD_TOO_LARGE);
              assertThat(e.line()).isEqualTo(3);
            });
  }

  @Test
  void refusesTheRecordPastTheCapNamingIt() throws Exception {
    byte[] lines = "1\n".repeat(101).getBytes(StandardCharsets.UTF_8);
    byte[] array = ("[" + "1,".repeat(100) + "1]").getBytes(StandardCharsets.UTF_8);

    assertThat(split("1\n".repeat(100).getBytes(StandardCharsets.UTF_8), 100, 100)).hasSize(100);
    for (byte[] body : List.of(lines, array)) {
      assertThatThrownBy(() -> split(body, 100, 100))
          .isInstanceOfSatisfying(
              IntakeException.class,
              e -> {
                assertThat(e.code()).isEqualTo(CollectorErrorCode.TOO_MANY_RECORDS);
                assertThat(e.getMessage())
                    .endsWith("more than intake.max-request-records (100) records in one request");
              });
    }
  }

  @Test
  void refusesWhatIsNotStrictUtf8NamingTheLine() {
    byte[] utf16 = "{\"id\":\"a\"}\n".getBytes(StandardCharsets.UTF_16LE);
    byte[] utf16WithMark = "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_16);
    byte[] utf32 = "{\"id\":\"a\"}".getBytes(java.nio.charset.Charset.forName("UTF-32"));
    byte[] latin1 = "{\"id\":\"a\"}\n{\"s\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

    assertThat(utf8Failure(utf16).getMessage())
        .isEqualTo(
            "Cannot read UBC records at line 1: not UTF-8 JSON: a NUL byte at byte 1 (UTF-16 and"
                + " UTF-32 are not accepted)");
    assertThat(utf8Failure(utf16WithMark).reason())
        .isEqualTo("not UTF-8: byte 0 (0xfe) starts no well-formed UTF-8 character");
    assertThat(utf8Failure(utf32).reason()).startsWith("not UTF-8 JSON: a NUL byte at byte 0");
    IntakeException latin = utf8Failure(latin1);
    assertThat(latin.line()).isEqualTo(2);
    assertThat(latin.reason())
        .isEqualTo("not UTF-8: byte 20 (0xe9) starts no well-formed UTF-8 character");
  }

  @Test
  void parserMessagesQuoteLittleOfTheInput() {
    String token = "x".repeat(5000);

    assertThatThrownBy(() -> split("{\"a\":" + token + "}", 100_000))
        .isInstanceOfSatisfying(
            IntakeException.class,
            e -> {
              assertThat(e.reason()).hasSizeLessThan(200).doesNotContain("x".repeat(65));
              assertThat(e.getMessage()).hasSizeLessThan(250);
            });
  }

  private static IntakeException utf8Failure(byte[] body) {
    try {
      split(body, 1000);
    } catch (IntakeException e) {
      assertThat(e.code()).isEqualTo(CollectorErrorCode.BAD_BODY);
      return e;
    }
    throw new AssertionError("accepted");
  }

  private static int badLine(String body) {
    try {
      split(body, 1000);
    } catch (IntakeException e) {
      assertThat(e.code()).isEqualTo(CollectorErrorCode.BAD_BODY);
      return e.line();
    }
    throw new AssertionError("accepted: " + body);
  }

  private static List<String> split(String body, int maxRecordBytes) throws IntakeException {
    return split(body.getBytes(StandardCharsets.UTF_8), maxRecordBytes);
  }

  private static List<String> split(byte[] bytes, int maxRecordBytes) throws IntakeException {
    return split(bytes, maxRecordBytes, 10_000);
  }

  private static List<String> split(byte[] bytes, int maxRecordBytes, int maxRecords)
      throws IntakeException {
    // a larger array than the body: only [0, length) counts
    byte[] padded = concat(bytes, "garbage".getBytes(StandardCharsets.UTF_8));
    Records records = RecordSplitter.split(padded, bytes.length, maxRecordBytes, maxRecords);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < records.count(); i++) {
      texts.add(new String(records.copy(padded, i), StandardCharsets.UTF_8));
    }
    return texts;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] result = new byte[first.length + second.length];
    System.arraycopy(first, 0, result, 0, first.length);
    System.arraycopy(second, 0, result, first.length, second.length);
    return result;
  }
}
