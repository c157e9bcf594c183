package io.watershed.trino.ubc;

import static io.watershed.trino.ubc.WatershedErrorCode.WATERSHED_RULES_NOT_CONFIGURED;
import static io.watershed.trino.ubc.WatershedErrorCode.WATERSHED_RULES_UNAVAILABLE;

import io.trino.spi.TrinoException;
import io.watershed.udfs.internal.RuleSet;
import io.watershed.udfs.internal.RulesClient;
import io.watershed.udfs.internal.RulesSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dimension rules of this Trino server: Trino's functions are static, so where the rules come
 * from is the server's JVM configuration (system properties, which the stack writes into Trino's
 * command line). The first call starts the Flink UDFs' {@link RulesClient}, which pulls {@code GET
 * {url}/v1/rules} on a heartbeat and keeps the last good version; later calls read its newest rule
 * set.
 */
final class ServerRules {
  /** Base URL of the monitor service (required for {@code ubc_map}). */
  static final String URL = "watershed.rules.url";

  /** Bearer token (an agent token) for {@code GET /v1/rules}; empty sends none. */
  static final String TOKEN = "watershed.rules.token";

  /** Pause between two pulls: {@code 5s}, {@code 500ms}, {@code 1m}; default 5 s. */
  static final String INTERVAL = "watershed.rules.interval";

  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  /** How long the first call waits for the first rule set. */
  static final Duration INITIAL_TIMEOUT = Duration.ofSeconds(20);

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|min)?");

  private static RulesClient client;

  private ServerRules() {}

  /** The newest rule set, waiting for the first one on first use. */
  static RuleSet current() {
    RulesClient rules = client();
    try {
      return rules.awaitFirstRules();
    } catch (IllegalStateException e) {
      throw new TrinoException(WATERSHED_RULES_UNAVAILABLE, e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrinoException(
          WATERSHED_RULES_UNAVAILABLE, "Cannot load the dimension rules: interrupted", e);
    }
  }

  private static synchronized RulesClient client() {
    if (client == null) {
      client = RulesClient.acquire(settings(System.getProperties()));
    }
    return client;
  }

  /** The settings of {@code properties}, or a Trino error naming the key and its value. */
  static RulesSettings settings(Properties properties) {
    String url = properties.getProperty(URL, "").strip();
    if (url.isEmpty()) {
      throw notConfigured(
          "the Trino server has no %s: start it with -D%s=<monitor service URL> and -D%s=<agent"
              + " token> (the stack does)",
          URL, URL, TOKEN);
    }
    try {
      String scheme = URI.create(url).getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw notConfigured("%s = '%s': must be an http or https URL", URL, url);
      }
    } catch (IllegalArgumentException e) {
      throw notConfigured("%s = '%s': not a URL", URL, url);
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return new RulesSettings(
        url,
        properties.getProperty(TOKEN, "").strip(),
        interval(properties.getProperty(INTERVAL, "").strip()),
        INITIAL_TIMEOUT,
        REQUEST_TIMEOUT);
  }

  private static Duration interval(String text) {
    if (text.isEmpty()) {
      return DEFAULT_INTERVAL;
    }
    Matcher matcher = DURATION.matcher(text);
    if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
      throw notConfigured(
          "%s = '%s': not a positive duration such as 5s, 500ms or 1m", INTERVAL, text);
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
    return switch (unit) {
      case "s" -> Duration.ofSeconds(amount);
      case "m", "min" -> Duration.ofMinutes(amount);
      default -> Duration.ofMillis(amount);
    };
  }

  private static TrinoException notConfigured(String format, Object... arguments) {
    return new TrinoException(
        WATERSHED_RULES_NOT_CONFIGURED,
        "Cannot map with the dimension rules: " + format.formatted(arguments));
  }
}
