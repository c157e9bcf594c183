package io.watershed.collector.intake.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The intake's answers: JSON bodies, and the headers that go with their status. */
final class Responses {
  static final String BATCH_ID_HEADER = "X-Watershed-Batch-Id";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Responses() {}

  /** {@code 202 {"accepted": n}}. */
  static FullHttpResponse accepted(ByteBufAllocator allocator, int records) {
    return json(allocator, HttpResponseStatus.ACCEPTED, Map.of("accepted", records));
  }

  /**
   * The error answer: status from the code; {@code {"error", "message"}} and, for a bad body,
   * {@code "line"} and {@code "reason"}; {@code Retry-After} when a retry may help.
   */
  static FullHttpResponse failure(
      ByteBufAllocator allocator, IntakeException failure, Duration retryAfter) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", failure.code().metricTag());
    body.put("message", failure.getMessage());
    if (failure.line() > 0) {
      body.put("line", failure.line());
      body.put("reason", failure.reason());
    }
    body.put("retriable", failure.code().retriable());
    FullHttpResponse response =
        json(allocator, HttpResponseStatus.valueOf(failure.code().httpStatus()), body);
    if (failure.code().retriable()) {
      long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
      response.headers().set(HttpHeaderNames.RETRY_AFTER, seconds);
    }
    return response;
  }

  static FullHttpResponse json(
      ByteBufAllocator allocator, HttpResponseStatus status, Map<String, ?> body) {
    try {
      return bytes(
          allocator, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON answer " + body + ": " + e, e);
    }
  }

  static FullHttpResponse text(
      ByteBufAllocator allocator, HttpResponseStatus status, String contentType, String body) {
    return bytes(allocator, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private static FullHttpResponse bytes(
      ByteBufAllocator allocator, HttpResponseStatus status, String contentType, byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, allocator.buffer(body.length).writeBytes(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    return response;
  }
}
