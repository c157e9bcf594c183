package io.watershed.monitor.internal.http;

import static io.watershed.monitor.internal.db.Tables.API_TOKEN;
import static java.util.Objects.requireNonNull;

import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.JsonInput;
import io.watershed.monitor.internal.Violation;
import io.watershed.monitor.internal.auth.AuditLog;
import io.watershed.monitor.internal.auth.Role;
import io.watershed.monitor.internal.db.tables.records.ApiTokenRecord;
import io.watershed.monitor.internal.rules.Views;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Token management for admins: issue, list and revoke API and agent tokens. */
final class TokenApi {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MonitorDatabase database;
  private final Authenticator authenticator;

  TokenApi(MonitorDatabase database, Authenticator authenticator) {
    this.database = requireNonNull(database, "database is null");
    this.authenticator = requireNonNull(authenticator, "authenticator is null");
  }

  Reply list(Request request) {
    List<Map<String, Object>> tokens = new ArrayList<>();
    authenticator
        .configuredTokens()
        .forEach((name, role) -> tokens.add(view(name, role.label(), null, null, "config")));
    for (ApiTokenRecord row :
        database.dsl().selectFrom(API_TOKEN).orderBy(API_TOKEN.NAME).fetch()) {
      tokens.add(
          view(
              row.getName(),
              row.getRole(),
              Views.time(row.getCreatedAt()),
              row.getCreatedBy(),
              "database"));
    }
    return Reply.ok(Map.of("tokens", tokens));
  }

  /** Issues a token; the secret is in this answer only, the database keeps its hash. */
  Reply create(Request request) {
    List<Violation> violations = new ArrayList<>();
    JsonInput in = new JsonInput(request.object(), "", violations);
    in.refuseUnknown(java.util.Set.of("name", "role"), java.util.Set.of());
    String name =
        in.name("name", true, NAME, "1 to 64 lower-case letters, digits, '_', '.' or '-'");
    String roleName = in.string("role", true, 16);
    Role role = roleName == null ? null : Role.parse(roleName);
    if (roleName != null && role == null) {
      in.violation(
          "role",
          "one-of",
          "must be one of " + Arrays.stream(Role.values()).map(Role::label).toList(),
          roleName);
    }
    ApiException.check("create token " + (name == null ? "" : name), violations);
    if (authenticator.configuredTokens().containsKey(name)) {
      throw ApiException.conflict(
          "Cannot create token %s: the name is taken by a config token", name);
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret = "wsm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String actor = request.principal().name();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    database.transaction(
        "create token " + name,
        configuration -> {
          if (configuration.dsl().fetchExists(API_TOKEN, API_TOKEN.NAME.eq(name))) {
            throw ApiException.conflict(
                "Cannot create token %s: it exists already (DELETE it first to replace it)", name);
          }
          configuration
              .dsl()
              .insertInto(API_TOKEN)
              .set(API_TOKEN.NAME, name)
              .set(API_TOKEN.ROLE, role.label())
              .set(API_TOKEN.TOKEN_HASH, Authenticator.hash(secret))
              .set(API_TOKEN.CREATED_AT, now)
              .set(API_TOKEN.CREATED_BY, actor)
              .execute();
          AuditLog.record(
              configuration.dsl(),
              actor,
              "token.create",
              name,
              null,
              "{\"role\":\"%s\"}".formatted(role.label()));
          return null;
        });
    Map<String, Object> view = view(name, role.label(), Views.time(now), actor, "database");
    view.put("token", secret);
    return Reply.created(view);
  }

  Reply delete(Request request) {
    String name = request.path("name");
    if (authenticator.configuredTokens().containsKey(name)) {
      throw ApiException.conflict(
          "Cannot delete token %s: it is set in the config file; remove it there", name);
    }
    String actor = request.principal().name();
    database.transaction(
        "delete token " + name,
        configuration -> {
          int deleted =
              configuration.dsl().deleteFrom(API_TOKEN).where(API_TOKEN.NAME.eq(name)).execute();
          if (deleted == 0) {
            throw ApiException.notFound("Cannot delete token %s: no such token", name);
          }
          AuditLog.record(configuration.dsl(), actor, "token.delete", name, null, "{}");
          return null;
        });
    return Reply.ok(Map.of("deleted", name));
  }

  private static Map<String, Object> view(
      String name, String role, String createdAt, String createdBy, String source) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", name);
    view.put("role", role);
    view.put("source", source);
    if (createdAt != null) {
      view.put("createdAt", createdAt);
      view.put("createdBy", createdBy);
    }
    return view;
  }
}
