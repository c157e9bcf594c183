package io.watershed.kit.config;

import java.util.Locale;

/** The JDBC URLs the services' stores accept: an embedded H2 file or PostgreSQL. */
public final class JdbcUrls {
  /** The H2 setting that makes every commit durable once it returns. */
  public static final String H2_NO_WRITE_DELAY = ";WRITE_DELAY=0";

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
   *
   * <p>H2 must also write each commit before it answers ({@link #H2_NO_WRITE_DELAY}, added when the
   * URL does not say): by default H2 keeps commits in memory for up to 500 ms, and a killed catalog
   * then forgets Iceberg commits that Flink was told had succeeded (measured: a process killed
   * while committing every 2 ms lost its last 80 commits; with no delay, none).
   */
  public static String h2OrPostgres(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:h2:")) {
      String settings = lower.replace(" ", "");
      if (!settings.contains(";database_to_lower=true")) {
        throw new IllegalArgumentException("H2 URLs must set ;DATABASE_TO_LOWER=TRUE");
      }
      if (!settings.contains(";write_delay=")) {
        return value + H2_NO_WRITE_DELAY;
      }
      if (!settings.matches(".*;write_delay=0(;.*)?")) {
        throw new IllegalArgumentException(
            "H2 URLs must not delay writes (;WRITE_DELAY=0): a crash would lose committed changes");
      }
      return value;
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return value;
    }
    throw new IllegalArgumentException("must start with jdbc:h2: or jdbc:postgresql:");
  }
}
