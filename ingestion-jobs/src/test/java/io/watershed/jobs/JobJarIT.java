package io.watershed.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The job jar shipped to the cluster: the UDFs and the runner (with the kit's command line),
 * Jackson and DataSketches relocated, no Flink, no Jetty and no Prometheus client.
 */
class JobJarIT {
  @Test
  void carriesTheUdfsAndNothingTheClusterProvides() throws Exception {
    try (JarFile jar = new JarFile(Path.of("target/watershed-ingestion-jobs.jar").toFile())) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      assertThat(names)
          .contains(
              "io/watershed/udfs/UbcParse.class",
              "io/watershed/jobs/JobsMain.class",
              "io/watershed/kit/cli/ServiceCommandLine.class",
              "io/watershed/kit/config/ConfigValues.class",
              "picocli/CommandLine.class",
              "io/watershed/udfs/UbcDims.class",
              "io/watershed/udfs/UbcDevices.class",
              "io/watershed/udfs/shaded/jackson/databind/ObjectMapper.class",
              "io/watershed/udfs/shaded/datasketches/theta/UpdateSketch.class");
      assertThat(names)
          .noneMatch(name -> name.startsWith("org/apache/flink/"))
          .noneMatch(name -> name.startsWith("org/eclipse/jetty/"))
          .noneMatch(name -> name.startsWith("io/watershed/kit/http/"))
          .noneMatch(name -> name.startsWith("io/prometheus/"))
          .noneMatch(name -> name.startsWith("io/watershed/kit/metrics/"))
          .noneMatch(name -> name.startsWith("org/apache/iceberg/"))
          .noneMatch(name -> name.startsWith("com/fasterxml/"))
          .noneMatch(name -> name.startsWith("org/apache/datasketches/"));
      // Flink finds the kafka-kept-watermark connector of ubc_windows.sql by this service file.
      try (InputStream factories =
          jar.getInputStream(
              jar.getEntry("META-INF/services/org.apache.flink.table.factories.Factory"))) {
        assertThat(new String(factories.readAllBytes(), StandardCharsets.UTF_8))
            .contains("io.watershed.jobs.source.KeptWatermarkKafkaFactory");
      }
      assertThat(names).contains("io/watershed/jobs/source/KeptWatermarkOperator.class");
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.watershed.jobs.JobsMain");
    }
  }
}
