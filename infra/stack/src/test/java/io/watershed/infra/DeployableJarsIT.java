package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No deployable jar and no job jar carries bench code (STYLE.md 22): the benchmarks and the traffic
 * generator are the bench module's alone. Reads the jars the reactor built before the stack (infra
 * comes last), each checked to be the real thing by its own entry point.
 */
class DeployableJarsIT {
  @ParameterizedTest
  @CsvSource({
    "collector/target/watershed-collector.jar, io/watershed/collector/CollectorMain.class",
    "catalog/target/watershed-catalog.jar, io/watershed/catalog/CatalogMain.class",
    "monitor-service/target/watershed-monitor-service.jar, io/watershed/monitor/MonitorMain.class",
    "ingestion-jobs/target/watershed-ingestion-jobs.jar, io/watershed/jobs/JobsMain.class",
    "udfs/target/watershed-udfs.jar, io/watershed/udfs/UbcTrim.class"
  })
  void carriesNoBenchCode(String jar, String entryPoint) throws IOException {
    Path path = TestStack.home().resolve(jar);
    assertThat(path).as("built by the reactor before the stack").isRegularFile();
    try (JarFile file = new JarFile(path.toFile())) {
      List<String> names = file.stream().map(JarEntry::getName).toList();
      assertThat(names)
          .contains(entryPoint)
          .noneMatch(name -> name.startsWith("io/watershed/bench/"))
          .noneMatch(name -> name.endsWith(".class") && name.contains("Bench"))
          .noneMatch(name -> name.startsWith("io/watershed/") && name.contains("/bench/"));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "collector/target/watershed-collector.jar",
    "monitor-service/target/watershed-monitor-service.jar",
    "ingestion-jobs/target/watershed-ingestion-jobs.jar",
    "udfs/target/watershed-udfs.jar"
  })
  void carriesTheContracts(String jar) throws IOException {
    try (JarFile file = new JarFile(TestStack.home().resolve(jar).toFile())) {
      assertThat(file.getEntry("io/watershed/contracts/Topics.class")).isNotNull();
    }
  }
}
