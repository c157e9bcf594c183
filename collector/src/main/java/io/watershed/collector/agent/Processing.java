package io.watershed.collector.agent;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the agent does to a source's lines between reading and Kafka, in this order: rate limit
 * (reading), multiline joining, filters, sampling, transforms. Values only (regexes as text), so
 * that configs compare by value; the agent compiles them.
 *
 * @param multiline joins lines into records, when present
 * @param include regex a record must contain to be sent; empty: every record
 * @param exclude regex a record must not contain to be sent; empty: none excluded
 * @param sampleRate share of records sent, 0 < rate <= 1
 * @param sampleSeed seed of the sampling decisions, which then depend only on the seed, the file
 *     and the offset; empty: a random seed at each start
 * @param transforms applied in order
 * @param rateLimit lines per second read, at most; 0: no limit
 */
public record Processing(
    Optional<Multiline> multiline,
    String include,
    String exclude,
    double sampleRate,
    OptionalLong sampleSeed,
    List<Transform> transforms,
    long rateLimit) {
  /** Nothing: lines pass unchanged. */
  public static final Processing NONE =
      new Processing(Optional.empty(), "", "", 1.0, OptionalLong.empty(), List.of(), 0);

  public Processing {
    requireNonNull(multiline, "multiline is null");
    requireNonNull(include, "include is null");
    requireNonNull(exclude, "exclude is null");
    requireNonNull(sampleSeed, "sampleSeed is null");
    transforms = List.copyOf(requireNonNull(transforms, "transforms is null"));
  }

  /** Whether lines go to Kafka untouched, one record each. */
  public boolean passThrough() {
    return multiline.isEmpty()
        && include.isEmpty()
        && exclude.isEmpty()
        && sampleRate >= 1.0
        && transforms.isEmpty();
  }

  /**
   * Multiline joining.
   *
   * @param start regex: a line in which it is found begins a record; the lines after it that do not
   *     are appended with {@code \n}
   * @param maxLines a record holding this many lines is sent, the next line begins a new one
   * @param maxBytes a line that would make the record longer is sent as the start of a new one
   * @param flushTimeout a record is sent when its file had no new line for this long
   */
  public record Multiline(String start, int maxLines, long maxBytes, Duration flushTimeout) {
    public Multiline {
      requireNonNull(start, "start is null");
      requireNonNull(flushTimeout, "flushTimeout is null");
    }
  }

  /** The kinds of transform. */
  public enum TransformType {
    /** An nginx "combined" access-log line into a JSON object. */
    NGINX,
    /** Removes top-level fields of a JSON object. */
    DROP_FIELDS,
    /** Renames top-level fields of a JSON object. */
    RENAME_FIELDS
  }

  /**
   * One transform.
   *
   * @param name its name in the config (the type unless named)
   * @param type what it does
   * @param fields the fields dropped ({@code drop_fields}); empty for the others
   * @param renames old name -> new name ({@code rename_fields}), in order; empty for the others
   */
  public record Transform(
      String name, TransformType type, List<String> fields, Map<String, String> renames) {
    public Transform {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      fields = List.copyOf(requireNonNull(fields, "fields is null"));
      renames =
          java.util.Collections.unmodifiableMap(
              new java.util.LinkedHashMap<>(requireNonNull(renames, "renames is null")));
    }
  }
}
