package io.watershed.kit.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The raw values of one config file and the errors found while reading them (STYLE.md 7): each
 * {@link #get} records a problem instead of throwing, and {@link #finish} adds the unknown keys
 * (those neither declared nor under a {@link PassThrough} prefix) and throws one {@link
 * ConfigException} listing them all.
 */
public final class ConfigValues {
  private static final Pattern SECRET_LOOKING =
      Pattern.compile("(?i)pa?s+w|pwd|secret|token|credential|jaas|\\.key");

  private final String component;
  private final String source;
  private final Map<String, String> raw;
  private final List<PassThrough> passThroughs;
  private final List<KeyFamily> families;
  private final Set<String> known = new HashSet<>();
  private final List<String> errors = new ArrayList<>();

  /**
   * @param component what the config is of, e.g. {@code catalog}
   * @param source where the values came from, e.g. the file
   * @param values key to raw value
   * @param passThroughs the prefixes whose entries are not the service's own keys
   */
  public ConfigValues(
      String component, String source, Map<String, String> values, List<PassThrough> passThroughs) {
    this(component, source, values, passThroughs, List.of());
  }

  /**
   * As {@link #ConfigValues(String, String, Map, List)}, with families of keys declared under a
   * member's name ({@link KeyFamily}).
   */
  public ConfigValues(
      String component,
      String source,
      Map<String, String> values,
      List<PassThrough> passThroughs,
      List<KeyFamily> families) {
    this.component = requireNonNull(component, "component is null");
    this.source = requireNonNull(source, "source is null");
    this.raw = new TreeMap<>(requireNonNull(values, "values is null"));
    this.passThroughs = List.copyOf(requireNonNull(passThroughs, "passThroughs is null"));
    this.families = List.copyOf(requireNonNull(families, "families is null"));
  }

  /**
   * Reads a Java properties file (UTF-8) into key/value pairs; throws {@link ConfigException} when
   * the file cannot be read.
   */
  public static Map<String, String> readProperties(String component, Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          component, file.toString(), List.of("Cannot read config file %s: %s".formatted(file, e)));
    }
    Map<String, String> values = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
    return values;
  }

  /** The parsed value (the default when the key is absent), or {@code fallback} after an error. */
  public <T> T get(ConfigKey<T> key, T fallback) {
    known.add(key.name());
    String value = raw.getOrDefault(key.name(), key.defaultValue()).strip();
    try {
      return key.parse(value);
    } catch (IllegalArgumentException e) {
      error("Cannot use %s=%s: %s".formatted(key.name(), key.printable(value), e.getMessage()));
      return fallback;
    }
  }

  /** The raw value of a key, or its default when absent. */
  public String raw(ConfigKey<?> key) {
    return raw.getOrDefault(key.name(), key.defaultValue());
  }

  /** The entries under a pass-through prefix, the prefix removed and values stripped. */
  public Map<String, String> withPrefix(PassThrough passThrough) {
    Map<String, String> result = new TreeMap<>();
    raw.forEach(
        (key, value) -> {
          if (passThrough.matches(key)) {
            result.put(key.substring(passThrough.prefix().length()), value.strip());
          }
        });
    return result;
  }

  /** Records a problem found by a rule between keys. */
  public void error(String error) {
    errors.add(requireNonNull(error, "error is null"));
  }

  /** The problems found so far. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** Adds every unknown key to the errors, then throws them all, numbered, if there are any. */
  public void finish() {
    String passing =
        passThroughs.isEmpty()
            ? ""
            : passThroughs.stream().map(p -> p.prefix() + "*").collect(Collectors.joining(" and "))
                + (passThroughs.size() == 1 ? " passes through" : " pass through");
    raw.keySet().stream()
        .filter(key -> !known.contains(key))
        .filter(key -> passThroughs.stream().noneMatch(prefix -> prefix.matches(key)))
        .forEach(key -> unknown(key, passing));
    if (!errors.isEmpty()) {
      throw new ConfigException(component, source, errors);
    }
  }

  /** An unknown key: under a family, named as not a key of its members; else as unknown. */
  private void unknown(String key, String passing) {
    for (KeyFamily family : families) {
      if (family.matches(key)) {
        error(
            "Cannot use %s=%s: not a key of a %s named in %s=%s (%s)"
                .formatted(
                    key,
                    printable(key, raw.get(key)),
                    family.member(),
                    family.members().name(),
                    raw.getOrDefault(family.members().name(), "").strip(),
                    family.keyNames()));
        return;
      }
    }
    error(
        "Cannot use %s=%s: unknown key (the `keys` subcommand lists them%s)"
            .formatted(key, printable(key, raw.get(key)), passing.isEmpty() ? "" : "; " + passing));
  }

  /** Whether a key's name suggests it holds a secret: its value is never printed. */
  public static boolean looksSecret(String key) {
    return SECRET_LOOKING.matcher(key).find();
  }

  /** The value, or {@code ****} when the key looks like it holds a secret. */
  public static String printable(String key, String value) {
    return looksSecret(key) ? "****" : value;
  }
}
