package io.watershed.infra.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes a local file to HDFS over the NameNode's WebHDFS REST API (no Hadoop on the launcher's
 * classpath): a CREATE to the NameNode, which redirects to a DataNode that takes the bytes.
 */
public final class WebHdfs {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private WebHdfs() {}

  /**
   * Puts {@code file} at {@code path} (absolute, e.g. {@code /watershed/udfs/x.jar}), replacing
   * what is there, parent directories created.
   *
   * @param nameNodeHttp the NameNode's web address, e.g. {@code http://127.0.0.1:9870}
   */
  public static void put(String nameNodeHttp, String path, Path file) throws IOException {
    URI create =
        URI.create(
            nameNodeHttp
                + "/webhdfs/v1"
                + path
                + "?op=CREATE&overwrite=true&user.name="
                + URLEncoder.encode(
                    System.getProperty("user.name", "watershed"), StandardCharsets.UTF_8));
    HttpResponse<String> redirect =
        send(HttpRequest.newBuilder(create).PUT(HttpRequest.BodyPublishers.noBody()), path);
    String dataNode = redirect.headers().firstValue("Location").orElse(null);
    if (redirect.statusCode() != 307 || dataNode == null) {
      throw new IOException(
          "Cannot put %s on HDFS: the NameNode answered %d %s"
              .formatted(path, redirect.statusCode(), redirect.body()));
    }
    HttpResponse<String> created =
        send(
            HttpRequest.newBuilder(URI.create(dataNode))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(file)),
            path);
    if (created.statusCode() != 201) {
      throw new IOException(
          "Cannot put %s on HDFS: the DataNode answered %d %s"
              .formatted(path, created.statusCode(), created.body()));
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String path)
      throws IOException {
    try {
      return CLIENT.send(
          request.timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Cannot put " + path + " on HDFS: interrupted", e);
    }
  }
}
