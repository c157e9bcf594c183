package io.watershed.kit.config;

import java.util.Locale;

/** The JDBC URLs the services' stores accept: an embedded H2 file or PostgreSQL. */
public final class JdbcUrls {
  private JdbcUrls() {}

  /**
   * {@code <area>.jdbc-url}: the database of {@code what}, an H2 file or PostgreSQL.
   *
   * @param what what the database holds, e.g. "the catalog"
   */
  public static ConfigKey<String> urlKey(String area, String defaultUrl, String what) {
    return ConfigKey.of(
        area + ".jdbc-url",
        "string",
        defaultUrl,
        JdbcUrls::h2OrPostgres,
        "Database of %s: an embedded H2 file (jdbc:h2:file:...) or PostgreSQL (jdbc:postgresql://...)."
            .formatted(what));
  }

  /** {@code <area>.jdbc-user}: the database user; empty for none. */
  public static ConfigKey<String> userKey(String area) {
    return ConfigKey.optionalString(area + ".jdbc-user", "Database user; empty for none.");
  }

  /** {@code <area>.jdbc-password}: the database password, never printed; empty for none. */
  public static ConfigKey<String> passwordKey(String area) {
    return ConfigKey.secret(area + ".jdbc-password", "Database password; empty for none.");
  }

  /**
   * Checks a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL, for use as a key's parser. H2 must
   * fold names to lower case as PostgreSQL does ({@code ;DATABASE_TO_LOWER=TRUE}): the services'
   * schemas (and Iceberg's JdbcCatalog) look their tables and columns up by lower-case name.
   */
  public static String h2OrPostgres(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:h2:")) {
      if (!lower.replace(" ", "").contains(";database_to_lower=true")) {
        throw new IllegalArgumentException("H2 URLs must set ;DATABASE_TO_LOWER=TRUE");
      }
      return value;
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return value;
    }
    throw new IllegalArgumentException("must start with jdbc:h2: or jdbc:postgresql:");
  }
}
