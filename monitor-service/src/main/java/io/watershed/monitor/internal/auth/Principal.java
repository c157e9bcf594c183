package io.watershed.monitor.internal.auth;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * Who sent a request: the token's name (what the audit log records) and its role; a null role means
 * authentication is off and everything is allowed.
 */
public record Principal(String name, Role role) {
  public static final Principal ANONYMOUS = new Principal("anonymous", null);

  public Principal {
    requireNonNull(name, "name is null");
  }

  public boolean allows(Permission permission) {
    return role == null || role.allows(permission);
  }

  public String roleLabel() {
    return role == null ? "any" : role.label();
  }

  /** The permissions this principal holds, beyond {@link Permission#OPEN}, in declared order. */
  public List<Permission> permissions() {
    return Arrays.stream(Permission.values())
        .filter(permission -> permission != Permission.OPEN && allows(permission))
        .toList();
  }
}
