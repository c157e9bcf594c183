package io.watershed.udfs.internal;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import org.apache.flink.util.TimeUtils;

/**
 * Where {@code ubc_dims} pulls its dimension rules from and how often: the job parameters {@code
 * watershed.rules.*}, read in {@code open()}.
 *
 * @param url base URL of the monitor service, without {@code /v1/rules}
 * @param token bearer token (an {@code agent} token); empty sends no Authorization header
 * @param interval the heartbeat: delay between the end of one pull and the start of the next
 * @param initialTimeout how long {@code open()} waits for the first rule set
 * @param requestTimeout connect and response timeout of one pull
 * @param version the one rules version to map with (pulled once and kept: a batch job re-mapping
 *     history under that version), or {@link #NEWEST}: the newest, pulled on every heartbeat
 */
public record RulesSettings(
    String url,
    String token,
    Duration interval,
    Duration initialTimeout,
    Duration requestTimeout,
    long version) {
  /** {@link #version()} when the newest rules apply, followed on the heartbeat. */
  public static final long NEWEST = -1;

  /** One job parameter: its key, default (null: required) and what it means. */
  public enum Key {
    URL("watershed.rules.url", null, "base URL of the monitor service (required)"),
    TOKEN("watershed.rules.token", "", "bearer token for GET /v1/rules; empty sends none"),
    INTERVAL("watershed.rules.interval", "5 s", "heartbeat: pause between two pulls"),
    INITIAL_TIMEOUT(
        "watershed.rules.initial-timeout", "30 s", "open() fails if no rules came by then"),
    REQUEST_TIMEOUT(
        "watershed.rules.request-timeout", "5 s", "connect and response timeout of one pull"),
    VERSION(
        "watershed.rules.version",
        "",
        "one rules version to map with, pulled once and kept; empty: the newest, on the heartbeat");

    private final String key;
    private final String defaultValue;
    private final String description;

    Key(String key, String defaultValue, String description) {
      this.key = key;
      this.defaultValue = defaultValue;
      this.description = description;
    }

    public String key() {
      return key;
    }

    /** The default, or null when the key is required. */
    public String defaultValue() {
      return defaultValue;
    }

    public String description() {
      return description;
    }
  }

  /** Settings that follow the newest rules. */
  public RulesSettings(
      String url,
      String token,
      Duration interval,
      Duration initialTimeout,
      Duration requestTimeout) {
    this(url, token, interval, initialTimeout, requestTimeout, NEWEST);
  }

  /** Whether one version is pinned ({@link #version()}) rather than the newest followed. */
  public boolean pinned() {
    return version != NEWEST;
  }

  public RulesSettings {
    requireNonNull(url, "url is null");
    requireNonNull(token, "token is null");
    requireNonNull(interval, "interval is null");
    requireNonNull(initialTimeout, "initialTimeout is null");
    requireNonNull(requestTimeout, "requestTimeout is null");
  }

  /**
   * Reads the settings through {@code parameters} (key, default -> value, as {@code
   * FunctionContext.getJobParameter}). Every problem is collected; the exception lists them all,
   * numbered, each with its key and value.
   */
  public static RulesSettings read(BinaryOperator<String> parameters) {
    List<String> problems = new ArrayList<>();
    String url = parameters.apply(Key.URL.key(), "");
    url = url == null ? "" : url.strip();
    if (url.isEmpty()) {
      problems.add(Key.URL.key() + " is not set: give the monitor service's base URL");
    } else {
      try {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
          problems.add(Key.URL.key() + " = '" + url + "': must be an http or https URL");
        }
      } catch (IllegalArgumentException e) {
        problems.add(Key.URL.key() + " = '" + url + "': " + e.getMessage());
      }
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    String token = parameters.apply(Key.TOKEN.key(), Key.TOKEN.defaultValue());
    Duration interval = duration(parameters, Key.INTERVAL, problems);
    Duration initialTimeout = duration(parameters, Key.INITIAL_TIMEOUT, problems);
    Duration requestTimeout = duration(parameters, Key.REQUEST_TIMEOUT, problems);
    long version = version(parameters, problems);
    if (!problems.isEmpty()) {
      StringBuilder message =
          new StringBuilder("Cannot read the dimension rules settings: ")
              .append(problems.size())
              .append(" problem(s):");
      for (int i = 0; i < problems.size(); i++) {
        message.append("\n  ").append(i + 1).append(". ").append(problems.get(i));
      }
      throw new IllegalArgumentException(message.toString());
    }
    return new RulesSettings(
        url, token == null ? "" : token.strip(), interval, initialTimeout, requestTimeout, version);
  }

  /** The pinned version: empty is {@link #NEWEST}, else a whole number of at least 1. */
  private static long version(BinaryOperator<String> parameters, List<String> problems) {
    String text = parameters.apply(Key.VERSION.key(), Key.VERSION.defaultValue());
    if (text == null || text.isBlank()) {
      return NEWEST;
    }
    try {
      long version = Long.parseLong(text.strip());
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    problems.add(
        Key.VERSION.key() + " = '" + text + "': must be a rules version (1, 2, ...) or empty");
    return NEWEST;
  }

  /** A Flink-style duration ({@code 5 s}, {@code 500 ms}, {@code 1 min}; a bare number is ms). */
  private static Duration duration(
      BinaryOperator<String> parameters, Key key, List<String> problems) {
    String text = parameters.apply(key.key(), key.defaultValue());
    try {
      Duration duration = TimeUtils.parseDuration(text == null ? "" : text.strip());
      if (duration.isNegative() || duration.isZero()) {
        problems.add(key.key() + " = '" + text + "': must be positive");
        return Duration.ofMillis(1);
      }
      return duration;
    } catch (RuntimeException e) {
      problems.add(
          key.key()
              + " = '"
              + text
              + "': not a duration such as '5 s', '500 ms' or a number of ms ("
              + e.getMessage()
              + ")");
      return Duration.ofMillis(1);
    }
  }
}
