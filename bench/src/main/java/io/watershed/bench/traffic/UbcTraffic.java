package io.watershed.bench.traffic;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The one UBC traffic generator (the stack's {@code gen} and {@code demo}, the stack's tests and
 * every bench use it). Realistic, deterministic UBC traffic for a seed: event and flow logs over
 * {@value #UBC_IDS} UBC IDs with Zipf-skewed popularity (the demo rule set of the monitor service:
 * every third ID is a flow log), common parameters from weighted pools, business parameters per UBC
 * ID, report times 0.2 s to 3 min after the action, and a share of records that are valid JSON but
 * not valid UBC (the pipeline rejects them with a reason).
 *
 * <p>Records come out in arrival order, the order a collector sees them: report time plus a network
 * delay of up to {@value #JITTER_MS} ms, so report times are out of order by a few seconds; and one
 * record in {@value #RETRY_ONE_IN} is a client retry that arrives 30 s to 2 min after its report
 * time, behind any reasonable watermark: a truly late record.
 */
public final class UbcTraffic implements Iterable<GeneratedRecord> {
  public static final int UBC_IDS = 30;
  static final int JITTER_MS = 3_000;
  static final int RETRY_ONE_IN = 200;
  public static final int DEFAULT_RATE = 100;
  private static final long MIN_LATENESS_MS = 200;
  private static final String BLOB = ",\"blob\":\"";

  private static final String[] OS = {"android", "ios", "h5", "harmonyos"};
  private static final double[] OS_WEIGHTS = {0.52, 0.33, 0.1, 0.05};
  private static final String[] APPS = {"shop", "video", "news"};
  private static final String[] NET = {"wifi", "4g", "5g", "3g", "ethernet", "unknown"};
  private static final double[] NET_WEIGHTS = {0.55, 0.2, 0.15, 0.04, 0.04, 0.02};
  private static final String[] PAGES = {"home", "search", "detail", "cart", "profile", "player"};
  private static final String[] CHANNELS = {
    "feed", "search", "push", "share", "recommend", "seo", "direct"
  };
  private static final String[] RESULTS = {"ok", "OK", "fail", "timeout"};
  private static final String[] CONTENT = {"short", "clip", "movie", "episode", "live", "podcast"};
  private static final String[] INTAKE_CHANNELS = {"client", "server", "h5"};
  private static final String[] INVALID_KINDS = {
    "missing_ubc", "unknown_type", "dur_on_event_log", "ts_not_number", "missing_dur", "not_object"
  };

  /**
   * What to generate.
   *
   * @param padBytes an extra business parameter of this many characters per record (0 for none),
   *     for 10 KB-class records like the apps' real ones
   * @param ratePerSecond records per second of action time ({@value #DEFAULT_RATE} by default): how
   *     many records share a minute, and so how many share a window's group
   * @param recordBytes pad each valid record (with the same business parameter) to at least this
   *     many bytes (0 for none): the benches' fixed record sizes
   */
  public record Options(
      long seed,
      long count,
      double invalidShare,
      long startMs,
      int devices,
      int padBytes,
      int ratePerSecond,
      int recordBytes) {
    public Options(long seed, long count, double invalidShare, long startMs, int devices) {
      this(seed, count, invalidShare, startMs, devices, 0);
    }

    public Options(
        long seed, long count, double invalidShare, long startMs, int devices, int padBytes) {
      this(seed, count, invalidShare, startMs, devices, padBytes, DEFAULT_RATE);
    }

    public Options(
        long seed,
        long count,
        double invalidShare,
        long startMs,
        int devices,
        int padBytes,
        int ratePerSecond) {
      this(seed, count, invalidShare, startMs, devices, padBytes, ratePerSecond, 0);
    }

    /** These options with every valid record padded to at least {@code bytes}. */
    public Options paddedTo(int bytes) {
      return new Options(
          seed, count, invalidShare, startMs, devices, padBytes, ratePerSecond, bytes);
    }

    public Options {
      if (ratePerSecond < 1 || ratePerSecond > 1_000_000) {
        throw new IllegalArgumentException(
            "Cannot generate " + ratePerSecond + " records a second: must be 1 to 1,000,000");
      }
      if (padBytes < 0 || recordBytes < 0) {
        throw new IllegalArgumentException(
            "Cannot pad records by %d bytes or to %d bytes: must be >= 0"
                .formatted(padBytes, recordBytes));
      }
      if (count < 0) {
        throw new IllegalArgumentException(
            "Cannot generate " + count + " records: count must be >= 0");
      }
      if (invalidShare < 0 || invalidShare > 1) {
        throw new IllegalArgumentException(
            "Cannot generate with invalid share " + invalidShare + ": must be between 0 and 1");
      }
      if (devices < 1) {
        throw new IllegalArgumentException(
            "Cannot generate for " + devices + " devices: must be >= 1");
      }
    }
  }

  private final Options options;
  private final double[] ubcCumulative;

  public UbcTraffic(Options options) {
    this.options = requireNonNull(options, "options is null");
    this.ubcCumulative = zipfCumulative(UBC_IDS, 1.1);
  }

  public static String ubcId(int index) {
    return "ubc_%04d".formatted(index);
  }

  public static boolean isFlow(String ubc) {
    return Integer.parseInt(ubc.substring(4)) % 3 == 0;
  }

  @Override
  public Iterator<GeneratedRecord> iterator() {
    SplittableRandom random = new SplittableRandom(options.seed());
    return new Iterator<>() {
      // Generated in action-time order, released in arrival order: a record can leave once no
      // record still to be generated can arrive before it.
      private final PriorityQueue<Pending> pending =
          new PriorityQueue<>(
              Comparator.comparingLong(Pending::arrivalMs).thenComparingLong(Pending::sequence));
      private long generated;

      @Override
      public boolean hasNext() {
        return generated < options.count() || !pending.isEmpty();
      }

      @Override
      public GeneratedRecord next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        while (generated < options.count()
            && (pending.isEmpty() || pending.peek().arrivalMs() > earliestArrival(generated))) {
          GeneratedRecord record = record(random, generated);
          long delay =
              random.nextInt(RETRY_ONE_IN) == 0
                  ? 30_000 + random.nextInt(90_000)
                  : random.nextInt(JITTER_MS);
          pending.add(new Pending(record.rts() + delay, generated, record));
          generated++;
        }
        return pending.poll().record();
      }
    };
  }

  /** The earliest a record not generated yet can arrive: its action time is at least this. */
  private long earliestArrival(long sequence) {
    return actionStart(sequence) + MIN_LATENESS_MS;
  }

  /** The action time of record {@code sequence}, before its jitter of up to 1 s. */
  private long actionStart(long sequence) {
    return options.startMs() + sequence * 1000 / options.ratePerSecond();
  }

  private record Pending(long arrivalMs, long sequence, GeneratedRecord record) {}

  public List<GeneratedRecord> toList() {
    List<GeneratedRecord> list = new ArrayList<>();
    forEach(list::add);
    return list;
  }

  private GeneratedRecord record(SplittableRandom random, long sequence) {
    String eventId = "e-%d-%d".formatted(options.seed(), sequence);
    String ubc = ubcId(1 + pick(random, ubcCumulative));
    boolean flow = isFlow(ubc);
    String intakeChannel =
        INTAKE_CHANNELS[random.nextInt(10) < 7 ? 0 : random.nextInt(10) < 6 ? 2 : 1];
    // Action time advances 1 / rate a record (10 ms by default); reports arrive late by 0.2 s to
    // 3 min, so they are out of order by seconds to minutes.
    long ts = actionStart(sequence) + random.nextInt(1000);
    long lateness =
        random.nextInt(100) < 85
            ? MIN_LATENESS_MS + random.nextInt(10_000)
            : 10_000 + random.nextInt(170_000);
    long rts = ts + lateness;
    int device = random.nextInt(options.devices());
    String os = weighted(random, OS, OS_WEIGHTS);
    String app = APPS[device % APPS.length];
    String net = weighted(random, NET, NET_WEIGHTS);
    Long duration = flow ? (long) (1000 + Math.abs(random.nextGaussian()) * 60_000) : null;
    StringBuilder json = new StringBuilder(512);
    json.append("{\"id\":\"").append(eventId).append("\",\"ubc\":\"").append(ubc);
    json.append("\",\"type\":\"").append(flow ? "flow" : "event");
    json.append("\",\"ts\":").append(ts).append(",\"rts\":").append(rts);
    json.append(",\"common\":{\"os\":\"")
        .append(os)
        .append("\",\"osv\":\"")
        .append(osVersion(random, os));
    json.append("\",\"did\":\"dev-").append(device).append("\",\"app\":\"").append(app);
    json.append("\",\"appv\":\"")
        .append(appVersion(random))
        .append("\",\"net\":\"")
        .append(net)
        .append("\"}");
    json.append(",\"ext\":{\"page\":\"").append(PAGES[random.nextInt(PAGES.length)]);
    json.append("\",\"channel\":\"").append(CHANNELS[random.nextInt(CHANNELS.length)]).append('"');
    if (flow) {
      json.append(",\"content_type\":\"")
          .append(CONTENT[random.nextInt(CONTENT.length)])
          .append('"');
    } else {
      json.append(",\"result\":\"").append(RESULTS[random.nextInt(RESULTS.length)]).append('"');
    }
    json.append(",\"session\":\"s-")
        .append(Long.toHexString(random.nextLong() & 0xffffffffL))
        .append('"');
    String dur = flow ? ",\"dur\":" + duration : "";
    // what follows the padding: its closing quote, the ext object's brace, dur, the record's brace
    int fill = options.recordBytes() - json.length() - BLOB.length() - 3 - dur.length();
    int pad = Math.max(options.padBytes(), fill);
    if (pad > 0) {
      json.append(BLOB);
      long bits = random.nextLong();
      for (int i = 0; i < pad; i++) {
        json.append((char) ('a' + Math.floorMod((bits >>> (i % 60)) + i, 26)));
      }
      json.append('"');
    }
    json.append('}').append(dur).append('}');
    if (random.nextDouble() < options.invalidShare()) {
      String kind = INVALID_KINDS[random.nextInt(INVALID_KINDS.length)];
      return new GeneratedRecord(
          eventId,
          ubc,
          flow ? "flow" : "event",
          intakeChannel,
          ts,
          rts,
          null,
          false,
          kind,
          invalid(kind, eventId, ubc, ts, rts));
    }
    return new GeneratedRecord(
        eventId,
        ubc,
        flow ? "flow" : "event",
        intakeChannel,
        ts,
        rts,
        duration,
        true,
        null,
        json.toString());
  }

  private static String invalid(String kind, String eventId, String ubc, long ts, long rts) {
    return switch (kind) {
      case "missing_ubc" ->
          "{\"id\":\"%s\",\"type\":\"event\",\"ts\":%d,\"rts\":%d}".formatted(eventId, ts, rts);
      case "unknown_type" ->
          "{\"id\":\"%s\",\"ubc\":\"%s\",\"type\":\"click\",\"ts\":%d,\"rts\":%d}"
              .formatted(eventId, ubc, ts, rts);
      case "dur_on_event_log" ->
          "{\"id\":\"%s\",\"ubc\":\"%s\",\"type\":\"event\",\"ts\":%d,\"rts\":%d,\"dur\":5}"
              .formatted(eventId, ubc, ts, rts);
      case "ts_not_number" ->
          "{\"id\":\"%s\",\"ubc\":\"%s\",\"type\":\"event\",\"ts\":\"%d\",\"rts\":%d}"
              .formatted(eventId, ubc, ts, rts);
      case "missing_dur" ->
          "{\"id\":\"%s\",\"ubc\":\"%s\",\"type\":\"flow\",\"ts\":%d,\"rts\":%d}"
              .formatted(eventId, ubc, ts, rts);
        // A JSON string, not an array: a body of JSON lines must not open with '['.
      default -> "\"%s %s\"".formatted(eventId, ubc);
    };
  }

  private static String osVersion(SplittableRandom random, String os) {
    return switch (os) {
      case "android" -> Integer.toString(11 + random.nextInt(5));
      case "ios" -> (16 + random.nextInt(3)) + "." + random.nextInt(5);
      case "harmonyos" -> "4." + random.nextInt(3);
      default -> "web";
    };
  }

  private static String appVersion(SplittableRandom random) {
    return "9." + random.nextInt(4) + "." + random.nextInt(10);
  }

  private static String weighted(SplittableRandom random, String[] values, double[] weights) {
    double roll = random.nextDouble();
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += weights[i];
      if (roll < sum) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  private static int pick(SplittableRandom random, double[] cumulative) {
    double roll = random.nextDouble();
    for (int i = 0; i < cumulative.length; i++) {
      if (roll < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }

  private static double[] zipfCumulative(int n, double exponent) {
    double[] weights = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      weights[i] = 1 / Math.pow(i + 1, exponent);
      total += weights[i];
    }
    double running = 0;
    for (int i = 0; i < n; i++) {
      running += weights[i] / total;
      weights[i] = running;
    }
    weights[n - 1] = 1.0;
    return weights;
  }
}
