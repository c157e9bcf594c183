package io.watershed.monitor.internal.http;

import static io.watershed.monitor.internal.db.Tables.API_TOKEN;
import static java.util.Objects.requireNonNull;

import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.MonitorErrorCode;
import io.watershed.monitor.internal.auth.Permission;
import io.watershed.monitor.internal.auth.Principal;
import io.watershed.monitor.internal.auth.Role;
import io.watershed.monitor.internal.db.tables.records.ApiTokenRecord;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bearer-token authentication and role checks. Tokens come from the config (bootstrap tokens, held
 * in memory) and from the {@code api_token} table; only their SHA-256 is kept either way.
 */
final class Authenticator {
  static final String BOOTSTRAP_ADMIN = "bootstrap-admin";
  static final String BOOTSTRAP_AGENT = "bootstrap-agent";
  private static final String SCHEME = "Bearer ";

  private final boolean enabled;
  private final Map<String, Principal> configured;
  private final MonitorDatabase database;

  private Authenticator(
      boolean enabled, Map<String, Principal> configured, MonitorDatabase database) {
    this.enabled = enabled;
    this.configured = requireNonNull(configured, "configured is null");
    this.database = requireNonNull(database, "database is null");
  }

  /**
   * @param adminToken the bootstrap admin token, or empty
   * @param agentToken the bootstrap agent token, or empty
   */
  static Authenticator create(
      boolean enabled, String adminToken, String agentToken, MonitorDatabase database) {
    Map<String, Principal> configured = new LinkedHashMap<>();
    if (!adminToken.isEmpty()) {
      configured.put(hash(adminToken), new Principal(BOOTSTRAP_ADMIN, Role.ADMIN));
    }
    if (!agentToken.isEmpty()) {
      configured.put(hash(agentToken), new Principal(BOOTSTRAP_AGENT, Role.AGENT));
    }
    return new Authenticator(enabled, Map.copyOf(configured), database);
  }

  /** The tokens set in the config, by name. */
  Map<String, Role> configuredTokens() {
    Map<String, Role> tokens = new LinkedHashMap<>();
    configured.values().forEach(principal -> tokens.put(principal.name(), principal.role()));
    return tokens;
  }

  /**
   * Who sent a request to {@code endpoint}, allowed to call it.
   *
   * @param authorization the Authorization header, or null
   * @throws ApiException 401 for a missing or unknown token, 403 for a role without the endpoint's
   *     permission
   */
  Principal authorize(Endpoint endpoint, String authorization) {
    if (endpoint.permission() == Permission.OPEN) {
      return Principal.ANONYMOUS;
    }
    if (!enabled) {
      return Principal.ANONYMOUS;
    }
    String route = endpoint.method() + " " + endpoint.path();
    if (authorization == null
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
        || authorization.substring(SCHEME.length()).isBlank()) {
      throw new ApiException(
          MonitorErrorCode.NOT_AUTHENTICATED,
          "Cannot authenticate %s: no bearer token; send the header Authorization: Bearer <token>"
              .formatted(route));
    }
    Principal principal = lookup(authorization.substring(SCHEME.length()).strip());
    if (principal == null) {
      throw new ApiException(
          MonitorErrorCode.NOT_AUTHENTICATED,
          "Cannot authenticate %s: unknown token (revoked, or never issued)".formatted(route));
    }
    if (!principal.allows(endpoint.permission())) {
      throw new ApiException(
          MonitorErrorCode.FORBIDDEN,
          "Cannot call %s: token %s has role %s; the route needs permission %s, held by roles: %s"
              .formatted(
                  route,
                  principal.name(),
                  principal.roleLabel(),
                  endpoint.permission().label(),
                  Role.holding(endpoint.permission())));
    }
    return principal;
  }

  static String hash(String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash token: no SHA-256 in this JVM", e);
    }
  }

  private Principal lookup(String token) {
    String hash = hash(token);
    Principal principal = configured.get(hash);
    if (principal != null) {
      return principal;
    }
    ApiTokenRecord row =
        database.dsl().selectFrom(API_TOKEN).where(API_TOKEN.TOKEN_HASH.eq(hash)).fetchOne();
    return row == null ? null : new Principal(row.getName(), Role.parse(row.getRole()));
  }
}
