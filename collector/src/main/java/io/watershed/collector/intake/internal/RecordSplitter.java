package io.watershed.collector.intake.internal;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.watershed.collector.internal.CollectorErrorCode;
import java.io.IOException;

/**
 * Splits a body into records without changing a byte of them. A body is either JSON lines (one JSON
 * value per line; blank lines skipped; {@code \n} or {@code \r\n}) or, when its first non-blank
 * byte is {@code [}, one JSON array whose elements are the records, each kept as its exact text.
 * Every record must be valid JSON; what it means (a UBC record or not) is for the pipeline to
 * judge. The body must be strict UTF-8 ({@link Utf8}); a UTF-8 byte order mark at the start is
 * skipped.
 */
final class RecordSplitter {
  /** Error messages quote at most 64 characters of a bad token and none of the raw content. */
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .errorReportConfiguration(
              ErrorReportConfiguration.builder()
                  .maxErrorTokenLength(64)
                  .maxRawContentLength(0)
                  .build())
          .build();

  /** At most this much of a parser's message, which may quote the input, goes into an answer. */
  private static final int MAX_REASON_LENGTH = 160;

  private RecordSplitter() {}

  /**
   * The records of {@code body[0, length)}; throws {@link IntakeException} naming the first bad
   * line, the first record larger than {@code maxRecordBytes}, the first byte that is not UTF-8, or
   * the record past {@code maxRecords}.
   */
  static Records split(byte[] body, int length, int maxRecordBytes, int maxRecords)
      throws IntakeException {
    checkUtf8(body, length);
    int start = hasByteOrderMark(body, length) ? 3 : 0;
    int first = skipBlanks(body, start, length);
    if (first < length && body[first] == '[') {
      return splitArray(body, start, length, maxRecordBytes, maxRecords);
    }
    return splitLines(body, start, length, maxRecordBytes, maxRecords);
  }

  private static void checkUtf8(byte[] body, int length) throws IntakeException {
    int invalid = Utf8.firstInvalid(body, 0, length);
    if (invalid < 0) {
      return;
    }
    int line = 1;
    for (int i = 0; i < invalid; i++) {
      if (body[i] == '\n') {
        line++;
      }
    }
    String reason =
        body[invalid] == 0
            ? "not UTF-8 JSON: a NUL byte at byte %d (UTF-16 and UTF-32 are not accepted)"
                .formatted(invalid)
            : "not UTF-8: byte %d (0x%02x) starts no well-formed UTF-8 character"
                .formatted(invalid, body[invalid] & 0xff);
    throw IntakeException.badBody(CollectorErrorCode.BAD_BODY, line, reason, 0);
  }

  private static Records splitLines(
      byte[] body, int start, int length, int maxRecordBytes, int maxRecords)
      throws IntakeException {
    Records records = new Records();
    int line = 0;
    int position = start;
    while (position < length) {
      line++;
      int newline = indexOfNewline(body, position, length);
      int end = newline < 0 ? length : newline;
      int recordEnd = end > position && body[end - 1] == '\r' ? end - 1 : end;
      if (skipBlanks(body, position, recordEnd) < recordEnd) {
        int size = recordEnd - position;
        checkSize(size, maxRecordBytes, line, records.count());
        checkCount(records, maxRecords, line);
        checkOneValue(body, position, size, line, records.count());
        records.add(position, size);
      }
      position = end + 1;
    }
    return records;
  }

  private static void checkOneValue(byte[] body, int offset, int size, int line, int before)
      throws IntakeException {
    try (JsonParser parser = JSON.createParser(body, offset, size)) {
      parser.nextToken();
      parser.skipChildren();
      parser.finishToken();
      if (parser.nextToken() != null) {
        throw IntakeException.badBody(
            CollectorErrorCode.BAD_BODY, line, "more than one JSON value on the line", before);
      }
    } catch (JsonProcessingException e) {
      throw IntakeException.badBody(CollectorErrorCode.BAD_BODY, line, reason(e), before);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read an in-memory body: " + e, e);
    }
  }

  private static Records splitArray(
      byte[] body, int start, int length, int maxRecordBytes, int maxRecords)
      throws IntakeException {
    Records records = new Records();
    try (JsonParser parser = JSON.createParser(body, start, length - start)) {
      parser.nextToken(); // the opening bracket
      while (true) {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
          break;
        }
        JsonLocation location = parser.currentTokenLocation();
        int offset = start + Math.toIntExact(location.getByteOffset());
        parser.skipChildren();
        parser.finishToken();
        int end = start + Math.toIntExact(parser.currentLocation().getByteOffset());
        checkSize(end - offset, maxRecordBytes, location.getLineNr(), records.count());
        checkCount(records, maxRecords, location.getLineNr());
        records.add(offset, end - offset);
      }
      if (parser.nextToken() != null) {
        throw IntakeException.badBody(
            CollectorErrorCode.BAD_BODY,
            parser.currentTokenLocation().getLineNr(),
            "content after the end of the JSON array",
            records.count());
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw IntakeException.badBody(CollectorErrorCode.BAD_BODY, line, reason(e), records.count());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read an in-memory body: " + e, e);
    }
    return records;
  }

  private static void checkSize(int size, int maxRecordBytes, int line, int before)
      throws IntakeException {
    if (size > maxRecordBytes) {
      throw IntakeException.badBody(
          CollectorErrorCode.RECORD_TOO_LARGE,
          line,
          "record of %d bytes, more than intake.max-record-bytes (%d)"
              .formatted(size, maxRecordBytes),
          before);
    }
  }

  private static void checkCount(Records records, int maxRecords, int line) throws IntakeException {
    if (records.count() == maxRecords) {
      throw IntakeException.badBody(
          CollectorErrorCode.TOO_MANY_RECORDS,
          line,
          "more than intake.max-request-records (%d) records in one request".formatted(maxRecords),
          records.count());
    }
  }

  private static String reason(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    message = "not JSON: " + message.replaceAll("\\s+", " ").strip();
    return message.length() <= MAX_REASON_LENGTH
        ? message
        : message.substring(0, MAX_REASON_LENGTH) + "...";
  }

  private static boolean hasByteOrderMark(byte[] body, int length) {
    return length >= 3
        && (body[0] & 0xff) == 0xef
        && (body[1] & 0xff) == 0xbb
        && (body[2] & 0xff) == 0xbf;
  }

  private static int skipBlanks(byte[] body, int from, int to) {
    int position = from;
    while (position < to) {
      byte b = body[position];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        break;
      }
      position++;
    }
    return position;
  }

  private static int indexOfNewline(byte[] body, int from, int to) {
    for (int i = from; i < to; i++) {
      if (body[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
