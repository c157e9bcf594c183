package io.watershed.monitor.internal.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.MonitorErrorCode;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.TransactionalCallable;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's database: a connection pool, the schema migrated by Flyway from {@code
 * db/migration}, and jOOQ over it. H2 (embedded file) or PostgreSQL, told apart by the URL.
 */
public final class MonitorDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorDatabase.class);
  private static final int ATTEMPTS = 8;

  static {
    // one line per event: no banner, no tip of the day
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
  }

  private final HikariDataSource dataSource;
  private final DSLContext dsl;

  private MonitorDatabase(HikariDataSource dataSource, DSLContext dsl) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.dsl = requireNonNull(dsl, "dsl is null");
  }

  /** Connects, migrates the schema to the newest version, and returns the database. */
  public static MonitorDatabase open(String jdbcUrl, String user, String password, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (!user.isEmpty()) {
      config.setUsername(user);
    }
    if (!password.isEmpty()) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("monitor-db");
    config.setConnectionTimeout(10_000);
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Cannot connect to database %s%s: %s"
              .formatted(jdbcUrl, user.isEmpty() ? "" : " as " + user, e.getMessage()),
          e);
    }
    try {
      MigrateResult result =
          Flyway.configure()
              .dataSource(dataSource)
              .locations("classpath:db/migration")
              .failOnMissingLocations(true)
              .load()
              .migrate();
      LOG.info(
          "Database {} at schema version {} ({} migration(s) applied)",
          jdbcUrl,
          result.targetSchemaVersion != null
              ? result.targetSchemaVersion
              : result.initialSchemaVersion,
          result.migrationsExecuted);
      Settings settings = new Settings().withRenderSchema(false).withExecuteLogging(false);
      return new MonitorDatabase(dataSource, DSL.using(dataSource, dialect(jdbcUrl), settings));
    } catch (FlywayException | DataAccessException e) {
      dataSource.close();
      throw new IllegalStateException(
          "Cannot migrate database %s: %s".formatted(jdbcUrl, e.getMessage()), e);
    }
  }

  static SQLDialect dialect(String jdbcUrl) {
    return jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")
        ? SQLDialect.H2
        : SQLDialect.POSTGRES;
  }

  public DSLContext dsl() {
    return dsl;
  }

  /**
   * Runs {@code work} in a transaction, again (up to 8 times) when it lost a race: a serialization
   * failure, a deadlock, a lock timeout, or a unique key another transaction took first. The work
   * must be safe to repeat.
   */
  public <T> T transaction(String action, TransactionalCallable<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return dsl.transactionResult(work);
      } catch (DataAccessException e) {
        if (!lostRace(e)) {
          throw failure(action, e);
        }
        if (attempt == ATTEMPTS) {
          throw new ApiException(
              MonitorErrorCode.CONCURRENT_UPDATE,
              "Cannot %s: conflicting concurrent changes, %d attempts failed, last: %s"
                  .formatted(action, attempt, e.getMessage()),
              e);
        }
        LOG.debug("Retrying {} after a conflict ({}): {}", action, e.sqlState(), e.getMessage());
        pause(attempt);
      }
    }
  }

  /** Throws when the database cannot answer a trivial query. */
  public void ping() {
    try {
      dsl.selectOne().fetch();
    } catch (DataAccessException e) {
      throw failure("check the database", e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }

  /** A database error as the client sees it: unavailable (retriable) or internal. */
  public static ApiException failure(String action, DataAccessException e) {
    String state = e.sqlState();
    boolean unavailable =
        (state != null && state.startsWith("08"))
            || e.getCause() instanceof SQLTransientConnectionException;
    return new ApiException(
        unavailable ? MonitorErrorCode.STORE_UNAVAILABLE : MonitorErrorCode.INTERNAL_ERROR,
        "Cannot %s: database error %s: %s".formatted(action, state, e.getMessage()),
        e);
  }

  private static boolean lostRace(DataAccessException e) {
    String state = e.sqlState();
    if (state == null) {
      return false;
    }
    return state.startsWith("40") // serialization failure, deadlock
        || state.equals("23505") // unique key taken by a concurrent insert
        || state.equals("55P03") // PostgreSQL lock not available
        || state.equals("HYT00"); // H2 lock timeout
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(MonitorErrorCode.SHUTTING_DOWN, "Cannot retry: interrupted", e);
    }
  }
}
