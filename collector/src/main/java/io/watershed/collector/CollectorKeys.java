package io.watershed.collector;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Every key of the collector's config file, declared once. The reference docs come from here. */
final class CollectorKeys {
  /** Entries under this prefix go, without it, into the Kafka producer's settings. */
  static final String KAFKA_PREFIX = "kafka.";

  /** Producer settings the collector sets itself; a {@code kafka.} entry may not change them. */
  static final Map<String, String> RESERVED_PRODUCER_SETTINGS =
      Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "set it with intake.bootstrap-servers",
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "the intake sends raw bytes",
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "the intake sends raw bytes",
          ProducerConfig.ACKS_CONFIG, "the intake answers 202 only after acks=all",
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "the intake always turns idempotence on",
          ProducerConfig.MAX_BLOCK_MS_CONFIG, "set it with intake.send-timeout");

  private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern APP_KEY = Pattern.compile("[!-~&&[^,]]{1,256}");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
  private static final Pattern SECRET_LOOKING =
      Pattern.compile("(?i)pa?s+w|pwd|secret|token|credential|jaas|\\.key");
  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[^\\s:,\\[\\]]+):(\\d{1,5})");

  static final ConfigKey<String> HTTP_HOST =
      ConfigKey.string("intake.http-host", "127.0.0.1", "Address the HTTP intake binds to.");
  static final ConfigKey<Integer> HTTP_PORT =
      ConfigKey.integer("intake.http-port", 8090, 0, 65535, "HTTP port; 0 picks a free port.");
  static final ConfigKey<Map<String, String>> APP_KEYS =
      new ConfigKey<>(
          "intake.app-keys",
          "list<app[:key]>",
          "",
          CollectorKeys::appKeys,
          true,
          "Comma-separated apps allowed to post, each `app` (its key is its name) or `app:key`;"
              + " the X-Watershed-App-Key header carries the key. Empty refuses every post (401).");
  static final ConfigKey<String> TOPIC_NAME =
      new ConfigKey<>(
          "intake.topic",
          "topic",
          "ws.raw.ubc",
          CollectorKeys::topic,
          false,
          "Kafka topic every accepted record goes to.");
  static final ConfigKey<String> BOOTSTRAP_SERVERS =
      new ConfigKey<>(
          "intake.bootstrap-servers",
          "list<host:port>",
          "127.0.0.1:9092",
          CollectorKeys::bootstrapServers,
          false,
          "Kafka brokers to bootstrap from.");
  static final ConfigKey<Long> MAX_BODY_BYTES =
      ConfigKey.size(
          "intake.max-body-bytes",
          "8MiB",
          1024,
          1024L * 1024 * 1024,
          "Largest request body, after gzip inflation; larger ones get 413.");
  static final ConfigKey<Long> MAX_RECORD_BYTES =
      ConfigKey.size(
          "intake.max-record-bytes",
          "1000KiB",
          16,
          64L * 1024 * 1024,
          "Largest single record; a body holding a larger one gets 413. Must fit the producer's"
              + " max.request.size with 16KiB to spare.");
  static final ConfigKey<Long> MAX_INFLIGHT_BYTES =
      ConfigKey.size(
          "intake.max-inflight-bytes",
          "64MiB",
          2048,
          16L * 1024 * 1024 * 1024,
          "Body bytes held by all requests not yet answered (gzip: compressed and inflated);"
              + " past it requests get 503. At least twice intake.max-body-bytes.");
  static final ConfigKey<Duration> SEND_TIMEOUT =
      ConfigKey.duration(
          "intake.send-timeout",
          "5s",
          Duration.ofMillis(100),
          Duration.ofMinutes(10),
          "How long Kafka may take to acknowledge a request's records before the answer is 503.");
  static final ConfigKey<Duration> RETRY_AFTER =
      ConfigKey.duration(
          "intake.retry-after",
          "1s",
          Duration.ofSeconds(1),
          Duration.ofHours(1),
          "Retry-After sent with 503 answers (whole seconds).");
  static final ConfigKey<Duration> HEALTH_TIMEOUT =
      ConfigKey.duration(
          "intake.health-timeout",
          "2s",
          Duration.ofMillis(100),
          Duration.ofMinutes(1),
          "How long /health waits for Kafka's cluster metadata.");
  static final ConfigKey<Duration> IDLE_TIMEOUT =
      ConfigKey.duration(
          "intake.idle-timeout",
          "60s",
          Duration.ofSeconds(1),
          Duration.ofHours(1),
          "A connection that sends nothing for this long is closed (idle or stalled upload).");
  static final ConfigKey<Integer> IO_THREADS =
      ConfigKey.integer(
          "intake.io-threads", 2, 1, 64, "Netty event-loop threads (accept, read, write).");
  static final ConfigKey<Integer> WORKER_THREADS =
      ConfigKey.integer(
          "intake.worker-threads",
          4,
          1,
          256,
          "Threads that inflate, split and hand bodies to the Kafka producer.");

  static final List<ConfigKey<?>> ALL =
      List.of(
          HTTP_HOST,
          HTTP_PORT,
          APP_KEYS,
          TOPIC_NAME,
          BOOTSTRAP_SERVERS,
          MAX_BODY_BYTES,
          MAX_RECORD_BYTES,
          MAX_INFLIGHT_BYTES,
          SEND_TIMEOUT,
          RETRY_AFTER,
          HEALTH_TIMEOUT,
          IDLE_TIMEOUT,
          IO_THREADS,
          WORKER_THREADS);

  private CollectorKeys() {}

  /** The reference docs: one Markdown table row per key. */
  static String reference() {
    String rows =
        ALL.stream()
            .map(
                key ->
                    "| `%s` | %s | `%s` | %s |"
                        .formatted(key.name(), key.type(), key.defaultValue(), key.doc()))
            .collect(Collectors.joining("\n"));
    return """
        | key | type | default | doc |
        |---|---|---|---|
        %s
        | `%s*` | string | | Kafka producer settings without the prefix, e.g. `kafka.linger.ms`; \
        not %s |
        """
        .formatted(
            rows,
            KAFKA_PREFIX,
            RESERVED_PRODUCER_SETTINGS.keySet().stream()
                .sorted()
                .map(name -> "`" + name + "`")
                .collect(Collectors.joining(", ")));
  }

  /** key -> app name, in the order listed. */
  private static Map<String, String> appKeys(String value) {
    Map<String, String> apps = new LinkedHashMap<>();
    List<String> items = ConfigKey.items(value);
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i);
      int colon = item.indexOf(':');
      String app = colon < 0 ? item : item.substring(0, colon);
      String key = colon < 0 ? item : item.substring(colon + 1);
      if (!APP_NAME.matcher(app).matches()) {
        throw new IllegalArgumentException(
            "item %d: app names are 1 to 64 letters, digits, '_', '.' or '-'".formatted(i + 1));
      }
      if (!APP_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException(
            "item %d (app %s): keys are 1 to 256 printable ASCII characters without ','"
                .formatted(i + 1, app));
      }
      String previous = apps.putIfAbsent(key, app);
      if (previous != null) {
        throw new IllegalArgumentException(
            "item %d (app %s): same key as app %s".formatted(i + 1, app, previous));
      }
    }
    return apps;
  }

  private static String topic(String value) {
    if (!TOPIC.matcher(value).matches() || value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException(
          "must be a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-'");
    }
    return value;
  }

  private static String bootstrapServers(String value) {
    List<String> items = ConfigKey.items(value);
    if (items.isEmpty()) {
      throw new IllegalArgumentException("must list at least one host:port");
    }
    for (String item : items) {
      var matcher = HOST_PORT.matcher(item);
      if (!matcher.matches() || Integer.parseInt(matcher.group(2)) > 65535) {
        throw new IllegalArgumentException("'%s' is not host:port".formatted(item));
      }
    }
    return String.join(",", items);
  }

  /** Names that look like they hold secrets: their values are never printed. */
  static boolean looksSecret(String key) {
    return SECRET_LOOKING.matcher(key).find();
  }
}
