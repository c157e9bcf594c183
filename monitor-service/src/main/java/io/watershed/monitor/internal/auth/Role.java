package io.watershed.monitor.internal.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The role of a token: three API roles for people and tools, and one for agents and jobs. */
public enum Role {
  VIEWER(Permission.READ, Permission.RULES),
  EDITOR(Permission.READ, Permission.RULES, Permission.WRITE, Permission.QUERY),
  ADMIN(Permission.READ, Permission.RULES, Permission.WRITE, Permission.QUERY, Permission.ADMIN),
  AGENT(Permission.RULES, Permission.HEARTBEAT);

  /** Every role holds these. */
  private static final Set<Permission> EVERY_ROLE =
      EnumSet.of(Permission.OPEN, Permission.AUTHENTICATED);

  private final Set<Permission> permissions;

  Role(Permission... permissions) {
    this.permissions = EnumSet.of(Permission.OPEN, permissions);
  }

  public boolean allows(Permission permission) {
    return EVERY_ROLE.contains(permission) || permissions.contains(permission);
  }

  /** The name used in JSON and in the database. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The roles that hold {@code permission}, for error messages. */
  public static String holding(Permission permission) {
    return Arrays.stream(values())
        .filter(role -> role.allows(permission))
        .map(Role::label)
        .collect(Collectors.joining(", "));
  }

  /** The role named {@code label}, or null. */
  public static Role parse(String label) {
    return Arrays.stream(values())
        .filter(role -> role.label().equals(label))
        .findFirst()
        .orElse(null);
  }
}
