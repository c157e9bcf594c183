package io.watershed.monitor.internal.auth;

import java.util.Locale;

/** What a route needs from the caller's token. */
public enum Permission {
  /** No token needed: health, metrics, the OpenAPI description. */
  OPEN,
  /** Read metadata: viewer, editor, admin. */
  READ,
  /** Change UBC rules and collector configs: editor, admin. */
  WRITE,
  /** Run ad-hoc SQL against the lake (read-only by Trino's access control): editor, admin. */
  QUERY,
  /** Manage tokens: admin. */
  ADMIN,
  /** Pull the rule set: agent tokens, and every API role. */
  RULES,
  /** Report a heartbeat: agent tokens only. */
  HEARTBEAT,
  /** Any valid token, whatever its role: who am I. */
  AUTHENTICATED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
