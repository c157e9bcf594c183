package io.watershed.kit.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Keys declared once for every member of a named group, e.g. each file source of the agent: a list
 * key names the members ({@code agent.sources=web,app}) and each member has the family's keys,
 * declared with a placeholder for its name ({@code agent.sources.<name>.paths}). {@link
 * ConfigValues} reads a member's key with {@link ConfigKey#bind}; a key under the family's prefix
 * that no member read is an error naming the members and the family's keys.
 *
 * @param members the list key naming the members; the family's prefix is its name and a dot
 * @param member what a member is, for errors, e.g. {@code source}
 * @param placeholder the member's name in the keys, e.g. {@code <name>}
 * @param keys the keys of one member, each named {@code <prefix><placeholder>.<rest>}
 */
public record KeyFamily(
    ConfigKey<List<String>> members, String member, String placeholder, List<ConfigKey<?>> keys) {
  public KeyFamily {
    requireNonNull(members, "members is null");
    requireNonNull(member, "member is null");
    requireNonNull(placeholder, "placeholder is null");
    keys = List.copyOf(requireNonNull(keys, "keys is null"));
    String start = members.name() + "." + placeholder + ".";
    for (ConfigKey<?> key : keys) {
      if (!key.name().startsWith(start)) {
        throw new IllegalArgumentException(
            "Cannot declare key %s in family %s: its name must start with %s"
                .formatted(key.name(), members.name(), start));
      }
    }
  }

  /** The prefix of every member's keys, e.g. {@code agent.sources.}. */
  public String prefix() {
    return members.name() + ".";
  }

  /** Whether {@code key} is under the family's prefix. */
  public boolean matches(String key) {
    return key.startsWith(prefix()) && key.length() > prefix().length();
  }

  /** The keys of a member without the prefix and name, e.g. {@code paths, topic}, for errors. */
  public String keyNames() {
    int skip = prefix().length() + placeholder.length() + 1;
    return keys.stream().map(key -> key.name().substring(skip)).collect(Collectors.joining(", "));
  }
}
