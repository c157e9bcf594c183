package io.watershed.catalog.upkeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.catalog.upkeep.UpkeepReports.RoundReport;
import io.watershed.kit.config.ConfigValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.UnprocessableEntityException;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rounds asked for while one runs wait in a bounded queue: asking again joins the waiting one. */
class UpkeepQueueTest {
  @TempDir Path directory;

  @Test
  void askingAgainJoinsTheWaitingRoundAndTheQueueIsBounded() throws Exception {
    ConfigValues values = new ConfigValues("catalog", "test", Map.of(), List.of());
    UpkeepSettings settings = UpkeepKeys.read(values);
    values.finish();
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    CountDownLatch running = new CountDownLatch(1);
    // A round in progress: everything asked for now waits behind it.
    executor.execute(
        () -> {
          try {
            running.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    try (HadoopCatalog catalog =
            new HadoopCatalog(new Configuration(), directory.toUri().toString());
        LakeUpkeep upkeep = LakeUpkeep.withoutTrino(catalog, settings, executor)) {
      Optional<TableIdentifier> late = Optional.of(TableIdentifier.of("ubc", "late"));
      RoundReport first = upkeep.submit(late, Optional.empty());
      RoundReport again = upkeep.submit(late, Optional.empty());
      assertThat(again.id()).isEqualTo(first.id());
      assertThat(first.status()).isEqualTo(RoundReport.QUEUED);

      // Each snapshot-retention override is a round of its own, up to ten waiting.
      for (int minutes = 2; minutes <= 10; minutes++) {
        upkeep.submit(late, Optional.of(Duration.ofMinutes(minutes)));
      }
      assertThatThrownBy(() -> upkeep.submit(Optional.empty(), Optional.empty()))
          .isInstanceOf(UnprocessableEntityException.class)
          .hasMessage(
              "Cannot queue an upkeep round: 10 rounds are waiting already; ask again when they"
                  + " are done");
      running.countDown();
    }
  }
}
