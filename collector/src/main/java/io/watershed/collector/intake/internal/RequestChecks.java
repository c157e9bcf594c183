package io.watershed.collector.intake.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.watershed.collector.internal.CollectorErrorCode;
import java.util.Set;

/** What the intake checks on a request's head, and the refusals when a check fails. */
final class RequestChecks {
  static final String APP_KEY_HEADER = "X-Watershed-App-Key";
  private static final String UBC_PREFIX = "/v1/ubc/";
  private static final Set<String> CHANNELS = Set.of("client", "server", "h5");

  /** The decoder's limits, for messages. */
  static final int MAX_INITIAL_LINE_BYTES = 4096;

  static final int MAX_HEADER_BYTES = 16 * 1024;

  private RequestChecks() {}

  /**
   * Where a request goes: {@code route} is the metric label ({@code ubc}, {@code health}, {@code
   * metrics}, {@code other}); {@code refusal} is null when the path and method are right.
   */
  record Route(String route, String channel, IntakeException refusal) {}

  static Route route(HttpRequest request) {
    if (request.decoderResult().isFailure()) {
      return new Route("other", null, unreadable(request, request.decoderResult().cause()));
    }
    if (request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
        && request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      // HTTP/1.1 requests never get here (IntakeHttpCodec); this is HTTP/1.0
      return new Route(
          "other",
          null,
          new IntakeException(
              CollectorErrorCode.BAD_REQUEST,
              "Cannot read the HTTP request: " + IntakeHttpCodec.LENGTH_AND_CHUNKED));
    }
    String path = new QueryStringDecoder(request.uri()).path();
    if (path.equals("/health") || path.equals("/metrics")) {
      IntakeException refusal =
          request.method().equals(HttpMethod.GET) ? null : methodNotAllowed(path, "GET");
      return new Route(path.substring(1), null, refusal);
    }
    if (!path.startsWith(UBC_PREFIX)) {
      return new Route(
          "other",
          null,
          new IntakeException(
              CollectorErrorCode.NOT_FOUND,
              "Cannot find %s: the intake serves POST /v1/ubc/{client|server|h5}, GET /health and GET /metrics"
                  .formatted(printable(path))));
    }
    String channel = path.substring(UBC_PREFIX.length());
    if (!CHANNELS.contains(channel)) {
      return new Route(
          "ubc",
          null,
          new IntakeException(
              CollectorErrorCode.NOT_FOUND,
              "Cannot accept records for channel '%s': unknown channel (client, server or h5)"
                  .formatted(printable(channel))));
    }
    if (!request.method().equals(HttpMethod.POST)) {
      return new Route("ubc", null, methodNotAllowed(path, "POST"));
    }
    return new Route("ubc", channel, null);
  }

  /**
   * Why the decoder could not read a request's head: 431 for headers past the limit, 414 for a
   * request line past it, else 400. The message names the problem, never the decoder's classes.
   */
  private static IntakeException unreadable(HttpRequest request, Throwable cause) {
    if (cause instanceof TooLongHttpHeaderException) {
      return new IntakeException(
          CollectorErrorCode.HEADERS_TOO_LARGE,
          "Cannot read the HTTP request: its headers pass %d bytes".formatted(MAX_HEADER_BYTES));
    }
    if (cause instanceof TooLongHttpLineException) {
      return new IntakeException(
          CollectorErrorCode.URI_TOO_LONG,
          "Cannot read the HTTP request: its request line passes %d bytes"
              .formatted(MAX_INITIAL_LINE_BYTES));
    }
    String contentLength = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
    if (contentLength != null && !contentLength.strip().matches("[0-9]{1,18}")) {
      return new IntakeException(
          CollectorErrorCode.BAD_REQUEST,
          "Cannot read the HTTP request: Content-Length '%s' is not a number of bytes"
              .formatted(printable(contentLength)));
    }
    return new IntakeException(
        CollectorErrorCode.BAD_REQUEST, "Cannot read the HTTP request: " + describe(cause));
  }

  /** A chunked body the decoder could not read, e.g. a chunk size that is not hexadecimal. */
  static IntakeException badChunk(Throwable cause) {
    return new IntakeException(
        CollectorErrorCode.BAD_REQUEST, "Cannot read the chunked body: " + describe(cause));
  }

  private static String describe(Throwable cause) {
    String message = cause == null ? null : cause.getMessage();
    return message == null || message.isBlank() ? "malformed" : printable(message);
  }

  /** The method a 405 answer allows on a route. */
  static String allowed(String route) {
    return route.equals("ubc") ? "POST" : "GET";
  }

  /**
   * The app key and the encodings of a post; fills in the exchange's app and whether its body is
   * gzip. Returns the refusal, or null.
   */
  static IntakeException checkPost(HttpRequest request, IntakeContext intake, Exchange exchange) {
    String key = request.headers().get(APP_KEY_HEADER);
    if (key == null || key.isBlank()) {
      return new IntakeException(
          CollectorErrorCode.MISSING_APP_KEY,
          "Cannot accept records: the %s header is missing".formatted(APP_KEY_HEADER));
    }
    exchange.app = intake.appFor(key.strip());
    if (exchange.app == null) {
      return new IntakeException(
          CollectorErrorCode.UNKNOWN_APP_KEY,
          "Cannot accept records: the %s header holds no known app key".formatted(APP_KEY_HEADER));
    }
    String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING, "").strip();
    if (encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("x-gzip")) {
      exchange.gzip = true;
    } else if (!encoding.isEmpty() && !encoding.equalsIgnoreCase("identity")) {
      return new IntakeException(
          CollectorErrorCode.UNSUPPORTED_ENCODING,
          "Cannot read a body with Content-Encoding %s: only gzip and identity are supported"
              .formatted(printable(encoding)));
    }
    if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
        && !HttpUtil.isTransferEncodingChunked(request)) {
      return new IntakeException(
          CollectorErrorCode.BAD_REQUEST,
          "Cannot read a body with Transfer-Encoding %s: only chunked is supported"
              .formatted(printable(request.headers().get(HttpHeaderNames.TRANSFER_ENCODING))));
    }
    return null;
  }

  /**
   * Why a body cannot be held: past the size limit, or past the in-flight budget.
   *
   * @param declared the Content-Length, or -1 when the size is not known yet
   * @param inflating whether the gzip body was being inflated
   */
  static IntakeException bodyRefusal(
      IntakeContext intake, BodyBuffer.Status status, long declared, boolean inflating) {
    if (status == BodyBuffer.Status.TOO_LARGE) {
      String what =
          inflating
              ? "the gzip body: it inflates to"
              : declared >= 0 ? "a body of %d bytes:".formatted(declared) : "the body:";
      return new IntakeException(
          CollectorErrorCode.BODY_TOO_LARGE,
          "Cannot accept %s more than intake.max-body-bytes (%d bytes)"
              .formatted(what, intake.config.maxBodyBytes()));
    }
    return new IntakeException(
        CollectorErrorCode.OVERLOADED,
        "Cannot accept the body now: requests in flight hold %d of intake.max-inflight-bytes (%d)"
            .formatted(intake.budget.used(), intake.budget.limit()));
  }

  private static IntakeException methodNotAllowed(String path, String allowed) {
    return new IntakeException(
        CollectorErrorCode.METHOD_NOT_ALLOWED,
        "Cannot serve %s: use %s".formatted(printable(path), allowed));
  }

  /** At most 64 printable characters of what a client sent, for messages. */
  static String printable(String value) {
    String cleaned = value.replaceAll("[^\\x20-\\x7e]", "?");
    return cleaned.length() <= 64 ? cleaned : cleaned.substring(0, 64) + "...";
  }
}
