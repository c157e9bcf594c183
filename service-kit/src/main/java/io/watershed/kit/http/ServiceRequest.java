package io.watershed.kit.http;

/** One HTTP request as a service sees it: the head as sent, and a bounded body. */
public interface ServiceRequest {
  /** The method, upper case. */
  String method();

  /** The path as sent, still URL-encoded and not normalised. */
  String rawPath();

  /** The query string as sent, still URL-encoded, or null when there is none. */
  String rawQuery();

  /** The first value of a header, or null when absent. */
  String header(String name);

  /**
   * The whole body, read once and kept; empty when there is none.
   *
   * @throws RequestBodyException when it is larger than the server's limit (413), or arrives slower
   *     than its minimum rate (408)
   */
  byte[] body();
}
