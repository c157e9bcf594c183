package io.watershed.monitor.internal;

import static java.util.Objects.requireNonNull;

/**
 * Who sent a request: the token's name (what the audit log records) and its role; a null role means
 * authentication is off and everything is allowed.
 */
record Principal(String name, Role role) {
  static final Principal ANONYMOUS = new Principal("anonymous", null);

  Principal {
    requireNonNull(name, "name is null");
  }

  boolean allows(Permission permission) {
    return role == null || role.allows(permission);
  }

  String roleLabel() {
    return role == null ? "any" : role.label();
  }
}
