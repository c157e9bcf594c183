package io.watershed.collector;

import io.watershed.collector.agent.Agent;
import io.watershed.collector.agent.AgentConfig;
import io.watershed.collector.intake.IntakeServer;
import io.watershed.kit.cli.ExitCodes;
import io.watershed.kit.cli.ServiceCommandLine;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's command line (service-kit's one shape): {@code run} or {@code validate} with one
 * config file, {@code keys} for the reference of the config keys. The benchmarks are the bench
 * module's ({@code io.watershed.bench.BenchMain}).
 */
public final class CollectorMain {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorMain.class);

  private CollectorMain() {}

  public static void main(String[] args) {
    commandLine(System.out, System.err).main(args);
  }

  /**
   * Runs one command; returns the exit status ({@link ExitCodes}). {@code run} returns once
   * stopped.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(out, err).execute(args);
  }

  private static ServiceCommandLine<CollectorConfig> commandLine(PrintStream out, PrintStream err) {
    return ServiceCommandLine.service(
            "watershed-collector",
            "collector",
            CollectorMain.class,
            CollectorConfig::load,
            CollectorKeys::reference,
            out,
            err)
        .description(
            "The HTTP intake and the file agent, producing to Kafka; config files are"
                + " .properties, .yaml or .yml.")
        .run(
            "start the HTTP intake and/or the file agent until stopped (SIGTERM)",
            CollectorMain::serve)
        .warnings(CollectorConfig::warnings);
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
      return ExitCodes.FAILED;
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
    return ExitCodes.OK;
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
