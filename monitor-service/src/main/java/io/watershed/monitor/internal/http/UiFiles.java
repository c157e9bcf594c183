package io.watershed.monitor.internal.http;

import static java.util.Objects.requireNonNull;

import io.watershed.monitor.internal.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web UI's static files under {@code /ui/}: the pages from this jar's {@code
 * io/watershed/monitor/ui/}, and the chart library (uPlot) under {@code /ui/lib/} from its WebJar.
 * A path is served only when each of its segments is a plain file name (letters, digits, {@code _},
 * {@code -}, dots between them: never {@code .} or {@code ..}) with a known extension, so no
 * request reaches another resource. Every answer carries a strong ETag (304 when it matches),
 * {@code Cache-Control: no-cache} (the browser revalidates, so a new jar shows at once) and the
 * security headers of {@link #SECURITY_HEADERS}.
 */
final class UiFiles {
  private static final String PAGES = "io/watershed/monitor/ui/";
  private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
  private static final String UPLOT_DIST = "META-INF/resources/webjars/uplot/%s/dist/";
  private static final String LIBRARY_FOLDER = "lib";
  private static final Pattern SEGMENT =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*");

  /** Media types by extension; other extensions are not served. */
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "json", "application/json");

  /**
   * Sent with every UI answer: scripts, styles, images and API calls from this origin only, no
   * inline script or style, no framing, no MIME sniffing, no referrer.
   */
  static final Map<String, String> SECURITY_HEADERS = securityHeaders();

  private final ClassLoader loader;
  private final String libraryDirectory;
  private final Map<String, File> cache = new ConcurrentHashMap<>();

  private UiFiles(ClassLoader loader, String libraryDirectory) {
    this.loader = requireNonNull(loader, "loader is null");
    this.libraryDirectory = libraryDirectory;
  }

  /** The files on this class's classpath; uPlot's version is read from its WebJar's pom. */
  static UiFiles fromClasspath() {
    ClassLoader loader = UiFiles.class.getClassLoader();
    String version = null;
    try (InputStream in = loader.getResourceAsStream(UPLOT_POM)) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        version = properties.getProperty("version");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + UPLOT_POM + ": " + e.getMessage(), e);
    }
    return new UiFiles(loader, version == null ? null : UPLOT_DIST.formatted(version));
  }

  /** {@code /} and {@code /ui} lead to {@code /ui/}, where relative links resolve. */
  static Reply redirectHome() {
    Reply reply = new Reply(302, null, null, null, Map.of("Location", "/ui/"));
    for (Map.Entry<String, String> header : SECURITY_HEADERS.entrySet()) {
      reply = reply.withHeader(header.getKey(), header.getValue());
    }
    return reply;
  }

  /**
   * The file at {@code path} below {@code /ui/} (decoded; empty for the index page), or 304 when
   * {@code ifNoneMatch} names its ETag.
   *
   * @throws ApiException 404 for a path that is not a UI file
   */
  Reply serve(String path, String ifNoneMatch) {
    String resource = resource(path);
    File file = resource == null ? null : cache.get(resource);
    if (file == null && resource != null) {
      // only files that exist are kept, so the cache holds at most the files of the jar
      file = load(resource);
      if (file != null) {
        cache.putIfAbsent(resource, file);
      }
    }
    if (file == null) {
      throw ApiException.notFound(
          "Cannot find UI file %s: the UI starts at /ui/", path.isEmpty() ? "/ui/" : path);
    }
    Reply reply =
        ifNoneMatch != null && matches(ifNoneMatch, file.etag())
            ? Reply.notModified()
            : Reply.raw(file.contentType(), file.bytes());
    reply = reply.withHeader("ETag", file.etag()).withHeader("Cache-Control", "no-cache");
    for (Map.Entry<String, String> header : SECURITY_HEADERS.entrySet()) {
      reply = reply.withHeader(header.getKey(), header.getValue());
    }
    return reply;
  }

  /** The classpath resource of a UI path, or null when the path names none that may be served. */
  String resource(String path) {
    if (path.isEmpty()) {
      return PAGES + "index.html";
    }
    List<String> segments = List.of(path.split("/", -1));
    for (String segment : segments) {
      if (!SEGMENT.matcher(segment).matches()) {
        return null;
      }
    }
    String name = segments.get(segments.size() - 1);
    if (!TYPES.containsKey(extension(name))) {
      return null;
    }
    if (segments.size() == 1) {
      return PAGES + name;
    }
    if (segments.size() == 2
        && segments.get(0).equals(LIBRARY_FOLDER)
        && libraryDirectory != null) {
      return libraryDirectory + name;
    }
    return null;
  }

  /** A file read once and kept. */
  private record File(byte[] bytes, String contentType, String etag) {}

  /** The file, or null when the resource is not there. */
  private File load(String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      String name = resource.substring(resource.lastIndexOf('/') + 1);
      return new File(bytes, TYPES.get(extension(name)), etag(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read UI file " + resource + ": " + e.getMessage(), e);
    }
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.strip();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash UI file: no SHA-256 in this JVM", e);
    }
  }

  private static Map<String, String> securityHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(
        "Content-Security-Policy",
        String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'"));
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("X-Frame-Options", "DENY");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("Cross-Origin-Opener-Policy", "same-origin");
    return Map.copyOf(headers);
  }
}
