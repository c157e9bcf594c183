package io.watershed.monitor;

import io.watershed.kit.http.ControlPlaneServer;
import io.watershed.kit.http.RunningService;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.alerts.AlertWorkers;
import io.watershed.monitor.internal.http.MonitorHttpHandler;
import io.watershed.monitor.internal.pipeline.PipelineService;
import io.watershed.monitor.internal.query.QueryService;
import io.watershed.monitor.internal.rules.DemoRules;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor service: the metadata database (migrated on start), the JSON API over it, the query
 * API over the lake and the alerts evaluated on its final windows (Trino, when configured), the
 * running minutes after the watermark (the monitoring queue in Kafka, when configured) and the
 * pipeline page, served by the service kit's control-plane server (Jetty) with its timeouts,
 * connection cap and body limits.
 */
public final class MonitorServer extends RunningService {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorServer.class);

  private MonitorServer(ControlPlaneServer server, AutoCloseable backend) {
    super(server, backend);
  }

  /** Opens and migrates the database, loads the demo rules if configured, and starts serving. */
  public static MonitorServer start(MonitorConfig config) {
    MonitorDatabase database = openDatabase(config);
    Metrics metrics = new Metrics();
    QueryService queries;
    try {
      queries = QueryService.open(config.query(), config.live(), metrics);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    AtomicReference<AlertWorkers> alerts = new AtomicReference<>();
    PipelineService pipeline = PipelineService.open(config.flink(), queries);
    AutoCloseable backend =
        () -> {
          try (database;
              queries;
              pipeline;
              AlertWorkers workers = alerts.get()) {
            // closed in reverse order: the alert workers, the pipeline, the queries, then the
            // database
          }
        };
    return closingOnFailure(
        backend,
        () -> {
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
          if (config.query().enabled()) {
            LOG.info(
                "Query API on: Trino at {} as {} (ad-hoc SQL as {})",
                config.query().url(),
                config.query().user(),
                config.query().adhocUser());
          } else {
            LOG.info("Query API off: no monitor.trino.url set");
          }
          if (config.live().enabled()) {
            LOG.info(
                "Live minutes on: reading {} from {}",
                config.live().topic(),
                config.live().kafkaBootstrap());
          } else {
            LOG.info("Live minutes off: no monitor.live.kafka-bootstrap set");
          }
          if (config.flink().enabled()) {
            LOG.info("Pipeline page reads the Flink jobs from {}", config.flink().url());
          } else {
            LOG.info("Pipeline page without Flink jobs: no monitor.flink.url set");
          }
          if (!config.authEnabled()) {
            LOG.warn(
                "Authentication is off (monitor.auth-enabled=false): every request is allowed");
          }
          MonitorHttpHandler handler =
              MonitorHttpHandler.create(
                  database,
                  queries,
                  pipeline,
                  metrics,
                  config.authEnabled(),
                  config.bootstrapAdminToken(),
                  config.bootstrapAgentToken());
          alerts.set(AlertWorkers.start(database, queries, metrics, config.alerts()));
          ControlPlaneServer server = ControlPlaneServer.start("monitor", config.http(), handler);
          return new MonitorServer(server, backend);
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
