package io.watershed.collector;

import io.watershed.collector.agent.Agent;
import io.watershed.collector.agent.AgentConfig;
import io.watershed.collector.intake.IntakeServer;
import io.watershed.kit.config.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's command line: {@code run} or {@code validate} with one config file, {@code keys}
 * for the reference of the config keys. The benchmarks are the bench module's ({@code
 * io.watershed.bench.BenchMain}).
 */
public final class CollectorMain {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorMain.class);

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE_OR_CONFIG = 2;

  private static final String USAGE =
      """
      usage: watershed-collector <command> [args]
        run <config>       start the HTTP intake and/or the file agent until stopped (SIGTERM)
        validate <config>  check the config file (.properties, .yaml or .yml), list every error
        keys               print the reference of the config keys
      """;

  private CollectorMain() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != OK || !(args.length > 0 && args[0].equals("run"))) {
      System.exit(status);
    }
  }

  /** Runs one command; returns the exit status. {@code run} returns only once stopped. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && args[0].equals("keys")) {
      out.print(CollectorKeys.reference());
      return OK;
    }
    if (args.length != 2 || !List.of("run", "validate").contains(args[0])) {
      err.print(USAGE);
      return USAGE_OR_CONFIG;
    }
    CollectorConfig config;
    try {
      config = CollectorConfig.load(Path.of(args[1]));
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return USAGE_OR_CONFIG;
    }
    if (args[0].equals("validate")) {
      out.println("config " + args[1] + " is valid: " + config);
      for (String warning : config.warnings()) {
        out.println("warning: " + warning);
      }
      return OK;
    }
    try {
      return serve(config);
    } catch (RuntimeException e) {
      LOG.error("Cannot run collector: {}", e.getMessage(), e);
      return FAILED;
    }
  }

  private static int serve(CollectorConfig config) {
    IntakeServer intake = null;
    Agent agent = null;
    try {
      for (String warning : config.warnings()) {
        LOG.warn("Config warning: {}", warning);
      }
      if (config.intakeEnabled()) {
        intake = IntakeServer.start(config.intake(), config.kafka());
        LOG.info(
            "collector intake listening on {} (topic {}, Kafka {})",
            intake.uri(),
            config.intake().topic(),
            config.intake().bootstrapServers());
      }
      if (config.agent().isPresent()) {
        AgentConfig agentConfig = config.agent().get();
        agent =
            Agent.start(
                agentConfig,
                config.kafka(),
                document -> CollectorConfig.parseSources(document, agentConfig.maxLineBytes()));
      }
    } catch (RuntimeException e) {
      stop(intake, agent);
      throw e;
    }
    if (intake == null && agent == null) {
      LOG.error(
          "Cannot run collector: intake.enabled=false and no agent sources nor heartbeat URL");
      return FAILED;
    }
    IntakeServer runningIntake = intake;
    Agent runningAgent = agent;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("collector stopping");
                  stop(runningIntake, runningAgent);
                  LOG.info("collector stopped");
                  stopped.countDown();
                },
                "collector-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return OK;
  }

  private static void stop(IntakeServer intake, Agent agent) {
    if (agent != null) {
      agent.close();
    }
    if (intake != null) {
      intake.close();
    }
  }
}
