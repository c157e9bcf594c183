package io.watershed.collector;

import io.watershed.collector.agent.Processing;
import io.watershed.contracts.Topics;
import io.watershed.kit.config.ConfigKey;
import io.watershed.kit.config.ConfigValues;
import io.watershed.kit.config.KeyFamily;
import io.watershed.kit.config.KeyReference;
import io.watershed.kit.config.PassThrough;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
          Topics.RAW_UBC,
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
  static final ConfigKey<Integer> MAX_REQUEST_RECORDS =
      ConfigKey.integer(
          "intake.max-request-records",
          10_000,
          1,
          10_000_000,
          "Most records one request may hold; a body with more gets 400 and nothing of it is sent.");
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
  static final ConfigKey<Duration> REQUEST_TIMEOUT =
      ConfigKey.duration(
          "intake.request-timeout",
          "30s",
          Duration.ofMillis(100),
          Duration.ofHours(1),
          "How long a request may take from its first line to the last byte of its body; a slower"
              + " upload gets 408 and its connection is closed.");
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

  static final ConfigKey<Duration> TICK_INTERVAL =
      ConfigKey.duration(
          "intake.tick-interval",
          "2s",
          Duration.ZERO,
          Duration.ofMinutes(1),
          "How often the intake sends a tick (an empty record with a `tick` header, its clock's time)"
              + " to every partition of intake.topic, so that windows close when traffic stops;"
              + " 0s sends none.");

  static final ConfigKey<Boolean> INTAKE_ENABLED =
      ConfigKey.bool(
          "intake.enabled",
          true,
          "Whether `run` starts the HTTP intake; false for an agent-only collector.");

  private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  static final ConfigKey<String> AGENT_ID =
      new ConfigKey<>(
          "agent.id",
          "string",
          "",
          value -> value,
          false,
          "The agent's id, sent in the `agent` header and the heartbeat; empty means the host name.");
  static final ConfigKey<String> AGENT_GROUP =
      ConfigKey.string(
          "agent.group", "default", "Config group the agent belongs to at the monitor service.");
  static final ConfigKey<String> AGENT_STATE_DIR =
      ConfigKey.string(
          "agent.state-dir",
          "var/agent",
          "Directory of the agent's offsets file and last config from the backend.");
  static final ConfigKey<List<String>> AGENT_SOURCES =
      new ConfigKey<>(
          "agent.sources",
          "list<name>",
          "",
          CollectorKeys::sourceNames,
          false,
          "Names of the file sources (lowercase letters, digits, '_', '-'); each has"
              + " `agent.sources.<name>.paths` and optionally the keys below. YAML: a list of"
              + " {name, paths, topic, ...}. Sources or a heartbeat URL turn the agent on.");
  static final ConfigKey<List<String>> SOURCE_PATHS =
      new ConfigKey<>(
          "agent.sources.<name>.paths",
          "list<glob>",
          "",
          CollectorKeys::globs,
          false,
          "Absolute glob patterns of the files a source tails (`*`, `?`, `[..]`, `**`).");
  static final ConfigKey<String> SOURCE_TOPIC =
      new ConfigKey<>(
          "agent.sources.<name>.topic",
          "topic",
          Topics.raw("<name>"),
          CollectorKeys::topic,
          false,
          "Kafka topic of the source's lines.");
  static final ConfigKey<String> SOURCE_MULTILINE_START =
      new ConfigKey<>(
          "agent.sources.<name>.multiline.start",
          "regex",
          "",
          CollectorKeys::regex,
          false,
          "Turns multiline joining on: a line in which this regex is found (Java syntax, anchor"
              + " with ^) begins a record, the lines after it that do not are appended with \\n.");
  static final ConfigKey<Integer> SOURCE_MULTILINE_MAX_LINES =
      ConfigKey.integer(
          "agent.sources.<name>.multiline.max-lines",
          500,
          2,
          1_000_000,
          "Lines in one joined record, at most; the next line begins a new record.");
  static final ConfigKey<Long> SOURCE_MULTILINE_MAX_BYTES =
      ConfigKey.size(
          "agent.sources.<name>.multiline.max-bytes",
          "256KiB",
          64,
          64L * 1024 * 1024,
          "Bytes of one joined record, at most (and at most agent.max-line-bytes); a line that"
              + " would pass it begins a new record.");
  static final ConfigKey<Duration> SOURCE_MULTILINE_FLUSH_TIMEOUT =
      ConfigKey.duration(
          "agent.sources.<name>.multiline.flush-timeout",
          "1s",
          Duration.ofMillis(10),
          Duration.ofHours(1),
          "A joined record is sent once its file had no new line for this long.");
  static final ConfigKey<String> SOURCE_FILTER_INCLUDE =
      new ConfigKey<>(
          "agent.sources.<name>.filter.include",
          "regex",
          "",
          CollectorKeys::regex,
          false,
          "Only records in which this regex is found are sent; empty: all.");
  static final ConfigKey<String> SOURCE_FILTER_EXCLUDE =
      new ConfigKey<>(
          "agent.sources.<name>.filter.exclude",
          "regex",
          "",
          CollectorKeys::regex,
          false,
          "Records in which this regex is found are not sent; empty: none excluded.");
  static final ConfigKey<Double> SOURCE_SAMPLE_RATE =
      new ConfigKey<>(
          "agent.sources.<name>.sample.rate",
          "rate",
          "1",
          CollectorKeys::rate,
          false,
          "Share of records sent, 0 < rate <= 1, decided at random per record.");
  static final ConfigKey<java.util.OptionalLong> SOURCE_SAMPLE_SEED =
      new ConfigKey<>(
          "agent.sources.<name>.sample.seed",
          "long",
          "",
          CollectorKeys::seed,
          false,
          "Seed of the sampling: the decision then depends only on the seed, file_id and"
              + " file_offset (the same across restarts); empty: random per start.");
  static final ConfigKey<List<String>> SOURCE_TRANSFORMS =
      new ConfigKey<>(
          "agent.sources.<name>.transforms",
          "list<name>",
          "",
          value -> names(value, "transform"),
          false,
          "Transforms applied in this order, each with `.type` and `.fields`. YAML: a list of"
              + " {type, fields}, named by `name` or else by their type.");
  static final ConfigKey<Processing.TransformType> TRANSFORM_TYPE =
      new ConfigKey<>(
          "agent.sources.<name>.transforms.<transform>.type",
          "nginx|drop_fields|rename_fields",
          "<transform>",
          CollectorKeys::transformType,
          false,
          "`nginx`: a combined access-log line into a JSON object; `drop_fields`, `rename_fields`:"
              + " on JSON object records. Default: the transform's name.");
  static final ConfigKey<List<String>> TRANSFORM_FIELDS =
      new ConfigKey<>(
          "agent.sources.<name>.transforms.<transform>.fields",
          "list<field>",
          "",
          ConfigKey::items,
          false,
          "Top-level fields: `drop_fields` lists names, `rename_fields` lists `old:new` pairs;"
              + " `nginx` takes none.");
  static final ConfigKey<Integer> SOURCE_RATE_LIMIT =
      ConfigKey.integer(
          "agent.sources.<name>.rate-limit",
          0,
          0,
          100_000_000,
          "Lines per second read from the source's files, at most (reading slows, nothing is"
              + " dropped); 0: no limit.");

  /** The keys of each file source, declared once under its name. */
  static final KeyFamily SOURCES =
      new KeyFamily(
          AGENT_SOURCES,
          "source",
          "<name>",
          List.of(
              SOURCE_PATHS,
              SOURCE_TOPIC,
              SOURCE_MULTILINE_START,
              SOURCE_MULTILINE_MAX_LINES,
              SOURCE_MULTILINE_MAX_BYTES,
              SOURCE_MULTILINE_FLUSH_TIMEOUT,
              SOURCE_FILTER_INCLUDE,
              SOURCE_FILTER_EXCLUDE,
              SOURCE_SAMPLE_RATE,
              SOURCE_SAMPLE_SEED,
              SOURCE_TRANSFORMS,
              TRANSFORM_TYPE,
              TRANSFORM_FIELDS,
              SOURCE_RATE_LIMIT));

  static final ConfigKey<String> AGENT_BOOTSTRAP_SERVERS =
      new ConfigKey<>(
          "agent.bootstrap-servers",
          "list<host:port>",
          "127.0.0.1:9092",
          CollectorKeys::bootstrapServers,
          false,
          "Kafka brokers the agent produces to.");
  static final ConfigKey<String> AGENT_KAFKA_ENGINE =
      new ConfigKey<>(
          "agent.kafka-engine",
          "batch or client",
          "batch",
          CollectorKeys::kafkaEngine,
          false,
          "How the agent produces. `batch`: its own idempotent producer, which builds the record"
              + " batches itself (plaintext only; about half the CPU a line). `client`: Kafka's"
              + " KafkaProducer (any `kafka.security.protocol`).");
  static final ConfigKey<Long> AGENT_READ_BUFFER_BYTES =
      ConfigKey.size(
          "agent.read-buffer-bytes",
          "64KiB",
          1024,
          16L * 1024 * 1024,
          "Bytes read from a file at once (one buffer, shared by all files).");
  static final ConfigKey<Long> AGENT_MAX_LINE_BYTES =
      ConfigKey.size(
          "agent.max-line-bytes",
          "512KiB",
          16,
          64L * 1024 * 1024,
          "Longest record; a longer line is split into pieces of this size. The agent's producer"
              + " gets a max.request.size of at least this plus 16KiB.");
  static final ConfigKey<Long> AGENT_INFLIGHT_BYTES =
      ConfigKey.size(
          "agent.inflight-bytes",
          "32MiB",
          64 * 1024,
          16L * 1024 * 1024 * 1024,
          "Line bytes sent but not yet acknowledged by Kafka; when full, reading pauses."
              + " At least twice agent.max-line-bytes.");
  static final ConfigKey<Duration> AGENT_POLL_INTERVAL =
      ConfigKey.duration(
          "agent.poll-interval",
          "250ms",
          Duration.ofMillis(10),
          Duration.ofMinutes(1),
          "Pause between scans when no file had new bytes (globs expanded, sizes checked).");
  static final ConfigKey<String> AGENT_HEARTBEAT_URL =
      new ConfigKey<>(
          "agent.heartbeat-url",
          "url",
          "",
          CollectorKeys::httpUrl,
          false,
          "Monitor service base URL, e.g. http://127.0.0.1:8070; empty: no heartbeat.");
  static final ConfigKey<String> AGENT_HEARTBEAT_TOKEN =
      new ConfigKey<>(
          "agent.heartbeat-token",
          "password",
          "",
          value -> value,
          true,
          "Agent token sent as `Authorization: Bearer`.");
  static final ConfigKey<Duration> AGENT_HEARTBEAT_INTERVAL =
      ConfigKey.duration(
          "agent.heartbeat-interval",
          "10s",
          Duration.ofMillis(100),
          Duration.ofHours(1),
          "Time between heartbeats.");

  static final ConfigKey<String> AGENT_HTTP_HOST =
      ConfigKey.string(
          "agent.http-host", "127.0.0.1", "Address the agent's /health and /metrics bind to.");
  static final ConfigKey<Integer> AGENT_HTTP_PORT =
      ConfigKey.integer(
          "agent.http-port",
          8091,
          -1,
          65535,
          "Port of the agent's /health and /metrics; 0 picks a free port, -1 serves none.");

  static final List<ConfigKey<?>> ALL =
      Stream.of(
              List.<ConfigKey<?>>of(
                  INTAKE_ENABLED,
                  HTTP_HOST,
                  HTTP_PORT,
                  APP_KEYS,
                  TOPIC_NAME,
                  BOOTSTRAP_SERVERS,
                  MAX_BODY_BYTES,
                  MAX_RECORD_BYTES,
                  MAX_REQUEST_RECORDS,
                  MAX_INFLIGHT_BYTES,
                  SEND_TIMEOUT,
                  RETRY_AFTER,
                  HEALTH_TIMEOUT,
                  IDLE_TIMEOUT,
                  REQUEST_TIMEOUT,
                  IO_THREADS,
                  WORKER_THREADS,
                  TICK_INTERVAL,
                  AGENT_ID,
                  AGENT_GROUP,
                  AGENT_STATE_DIR,
                  AGENT_SOURCES),
              SOURCES.keys(),
              List.<ConfigKey<?>>of(
                  AGENT_BOOTSTRAP_SERVERS,
                  AGENT_KAFKA_ENGINE,
                  AGENT_READ_BUFFER_BYTES,
                  AGENT_MAX_LINE_BYTES,
                  AGENT_INFLIGHT_BYTES,
                  AGENT_POLL_INTERVAL,
                  AGENT_HEARTBEAT_URL,
                  AGENT_HEARTBEAT_TOKEN,
                  AGENT_HEARTBEAT_INTERVAL,
                  AGENT_HTTP_HOST,
                  AGENT_HTTP_PORT))
          .flatMap(List::stream)
          .toList();

  private CollectorKeys() {}

  /** The {@code kafka.*} entries: Kafka producer settings. */
  static final PassThrough KAFKA =
      new PassThrough(
          KAFKA_PREFIX,
          "Kafka producer settings without the prefix, e.g. `kafka.linger.ms`; not "
              + RESERVED_PRODUCER_SETTINGS.keySet().stream()
                  .sorted()
                  .map(name -> "`" + name + "`")
                  .collect(Collectors.joining(", ")));

  /** The reference docs: one Markdown table row per key, and the {@code kafka.*} row. */
  static String reference() {
    return KeyReference.markdown(ALL, List.of(KAFKA));
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

  private static List<String> sourceNames(String value) {
    return names(value, "source");
  }

  private static List<String> names(String value, String what) {
    List<String> names = ConfigKey.items(value);
    for (String name : names) {
      if (!SOURCE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "'%s' is not a %s name: 1 to 64 lowercase letters, digits, '_' or '-'"
                .formatted(name, what));
      }
    }
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException("names a %s twice".formatted(what));
    }
    return names;
  }

  private static String regex(String value) {
    if (value.isEmpty()) {
      return value;
    }
    try {
      Pattern.compile(value);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "'%s' is not a regex: %s near index %d"
              .formatted(value, e.getDescription(), e.getIndex()),
          e);
    }
    return value;
  }

  private static double rate(String value) {
    double rate;
    try {
      rate = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a number, 0 < rate <= 1", e);
    }
    if (!(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException("must be a number, 0 < rate <= 1");
    }
    return rate;
  }

  private static java.util.OptionalLong seed(String value) {
    if (value.isEmpty()) {
      return java.util.OptionalLong.empty();
    }
    try {
      return java.util.OptionalLong.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be an integer (a 64-bit seed) or empty", e);
    }
  }

  private static Processing.TransformType transformType(String value) {
    return switch (value) {
      case "nginx" -> Processing.TransformType.NGINX;
      case "drop_fields" -> Processing.TransformType.DROP_FIELDS;
      case "rename_fields" -> Processing.TransformType.RENAME_FIELDS;
      default ->
          throw new IllegalArgumentException(
              "'%s' is not a transform type: nginx, drop_fields or rename_fields".formatted(value));
    };
  }

  private static List<String> globs(String value) {
    List<String> globs = ConfigKey.items(value);
    if (globs.isEmpty()) {
      throw new IllegalArgumentException("must list at least one glob");
    }
    for (String glob : globs) {
      if (!glob.startsWith("/")) {
        throw new IllegalArgumentException("'%s' is not an absolute path".formatted(glob));
      }
      try {
        java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "'%s' is not a glob: %s".formatted(glob, e.getMessage()), e);
      }
    }
    return globs;
  }

  private static String httpUrl(String value) {
    if (value.isEmpty()) {
      return value;
    }
    try {
      java.net.URI uri = new java.net.URI(value);
      if (!List.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("must be an http or https URL with a host");
      }
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("is not a URL: " + e.getMessage(), e);
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  static String topic(String value) {
    if (!TOPIC.matcher(value).matches() || value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException(
          "must be a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-'");
    }
    return value;
  }

  private static String kafkaEngine(String value) {
    String engine = value.strip();
    if (!engine.equals("batch") && !engine.equals("client")) {
      throw new IllegalArgumentException("must be batch or client");
    }
    return engine;
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
    return ConfigValues.looksSecret(key);
  }
}
