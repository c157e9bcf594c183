package io.watershed.monitor.internal.pipeline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs of Flink's REST API with java.net.http: a connect timeout, a timeout for the answer's head
 * and one for the whole exchange, and at most {@value #MAX_ANSWER_BYTES} bytes read. Each call
 * completes with the parsed JSON, or exceptionally with a {@link FlinkRestException}.
 */
final class FlinkRest {
  /** Bytes of an answer read at most: the largest the page reads (checkpoints) is a few KiB. */
  static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

  private final String url;
  private final Duration timeout;
  private final HttpClient http;
  private final Executor executor;
  private final ObjectMapper mapper;

  private FlinkRest(
      String url, Duration timeout, HttpClient http, Executor executor, ObjectMapper mapper) {
    this.url = requireNonNull(url, "url is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.http = requireNonNull(http, "http is null");
    this.executor = requireNonNull(executor, "executor is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
  }

  /** A client of the REST API at {@code settings.url()}; connects nothing yet. */
  static FlinkRest open(FlinkSettings settings, Executor executor) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
    return new FlinkRest(settings.url(), settings.timeout(), http, executor, new ObjectMapper());
  }

  /** Thrown when Flink cannot be reached or answers something else than the JSON asked for. */
  static final class FlinkRestException extends RuntimeException {
    FlinkRestException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** {@code GET <url><path>}: the answer's JSON, if Flink answers 200 in time. */
  CompletableFuture<JsonNode> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenApplyAsync(response -> read(path, response), executor)
        // the head within the request timeout, the body within as long again
        .orTimeout(2 * timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(
            failure -> CompletableFuture.failedFuture(failure(path, unwrap(failure))));
  }

  private JsonNode read(String path, HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
      if (response.statusCode() != 200) {
        throw new FlinkRestException(
            "Cannot read %s from Flink: it answered %d".formatted(path, response.statusCode()),
            null);
      }
      if (body.length > MAX_ANSWER_BYTES) {
        throw new FlinkRestException(
            "Cannot read %s from Flink: the answer is larger than %d bytes"
                .formatted(path, MAX_ANSWER_BYTES),
            null);
      }
      return mapper.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FlinkRestException failure(String path, Throwable cause) {
    if (cause instanceof FlinkRestException known) {
      return known;
    }
    String reason =
        cause instanceof TimeoutException || cause instanceof HttpTimeoutException
            ? "no answer in time"
            : cause instanceof UncheckedIOException io
                ? String.valueOf(io.getCause().getMessage())
                : cause.toString();
    return new FlinkRestException("Cannot read %s from Flink: %s".formatted(path, reason), cause);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
