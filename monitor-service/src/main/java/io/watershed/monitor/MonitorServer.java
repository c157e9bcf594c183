package io.watershed.monitor;

import io.watershed.kit.http.ControlPlaneServer;
import io.watershed.kit.http.RunningService;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.http.MonitorHttpHandler;
import io.watershed.monitor.internal.rules.DemoRules;
import io.watershed.monitor.internal.store.MonitorDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor service: the metadata database (migrated on start), the JSON API over it, served by
 * the service kit's control-plane server (Jetty) with its timeouts, connection cap and body limits.
 */
public final class MonitorServer extends RunningService {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorServer.class);

  private MonitorServer(ControlPlaneServer server, MonitorDatabase database) {
    super(server, database);
  }

  /** Opens and migrates the database, loads the demo rules if configured, and starts serving. */
  public static MonitorServer start(MonitorConfig config) {
    MonitorDatabase database = openDatabase(config);
    return closingOnFailure(
        database,
        () -> {
          Metrics metrics = new Metrics();
          if (config.seedDemo()) {
            DemoRules.Seeded seeded = DemoRules.seed(database, metrics);
            LOG.info(
                "Demo rules loaded: {} UBC ID(s) and {} dimension(s) added",
                seeded.ubcIds(),
                seeded.dimensions());
          }
          if (config.authEnabled() && config.bootstrapAdminToken().isEmpty()) {
            LOG.info(
                "No monitor.bootstrap-admin-token set: only tokens in the database are accepted");
          }
          if (!config.authEnabled()) {
            LOG.warn(
                "Authentication is off (monitor.auth-enabled=false): every request is allowed");
          }
          MonitorHttpHandler handler =
              MonitorHttpHandler.create(
                  database,
                  metrics,
                  config.authEnabled(),
                  config.bootstrapAdminToken(),
                  config.bootstrapAgentToken());
          ControlPlaneServer server = ControlPlaneServer.start("monitor", config.http(), handler);
          return new MonitorServer(server, database);
        });
  }

  /** Opens and migrates the configured database (the caller closes it). */
  static MonitorDatabase openDatabase(MonitorConfig config) {
    return MonitorDatabase.open(
        config.jdbcUrl(),
        config.jdbcUser(),
        config.jdbcPassword(),
        config.http().limits().threads());
  }
}
