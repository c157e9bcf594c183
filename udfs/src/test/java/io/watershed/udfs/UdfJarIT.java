package io.watershed.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/**
 * The jar CREATE FUNCTION ... USING JAR takes: every UDF, the contracts, Jackson and DataSketches
 * relocated, nothing of Flink's; and it is self-contained: its functions load and run over Flink's
 * classes alone, without the unrelocated libraries or this module's classes.
 */
class UdfJarIT {
  private static final Path JAR = Path.of("target/watershed-udfs.jar");

  @Test
  void carriesTheUdfsAndTheirLibrariesRelocated() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      assertThat(names)
          .contains(
              "io/watershed/udfs/UbcParse.class",
              "io/watershed/udfs/UbcDims.class",
              "io/watershed/udfs/UbcTrim.class",
              "io/watershed/udfs/UbcDevices.class",
              "io/watershed/udfs/UbcDevicesUnion.class",
              "io/watershed/udfs/UbcDevicesEstimate.class",
              "io/watershed/contracts/Topics.class",
              "io/watershed/udfs/shaded/jackson/databind/ObjectMapper.class",
              "io/watershed/udfs/shaded/datasketches/theta/UpdateSketch.class");
      assertThat(names)
          .noneMatch(name -> name.startsWith("org/apache/flink/"))
          .noneMatch(name -> name.startsWith("com/fasterxml/"))
          .noneMatch(name -> name.startsWith("org/apache/datasketches/"))
          .noneMatch(name -> name.startsWith("org/slf4j/"))
          .noneMatch(name -> name.endsWith("module-info.class"));
      // Services of the relocated libraries name their relocated classes.
      jar.stream()
          .filter(entry -> entry.getName().startsWith("META-INF/services/"))
          .forEach(
              entry ->
                  assertThat(entry.getName())
                      .doesNotContain("com.fasterxml")
                      .doesNotContain("org.apache.datasketches"));
    }
  }

  @Test
  void itsFunctionsRunOverFlinkAlone() throws Exception {
    List<URL> flink = new ArrayList<>();
    flink.add(JAR.toUri().toURL());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      boolean ours =
          entry.contains("target" + File.separator + "classes")
              || entry.contains("target" + File.separator + "test-classes")
              || entry.contains("watershed-contracts");
      boolean relocated = entry.contains("jackson") || entry.contains("datasketches");
      if (!ours && !relocated) {
        flink.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader loader =
        new URLClassLoader(flink.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> parse = Class.forName("io.watershed.udfs.UbcParse", true, loader);
      assertThat(parse.getClassLoader()).isSameAs(loader);
      assertThat(Class.forName(ScalarFunction.class.getName(), false, loader))
          .isNotSameAs(ScalarFunction.class);
      Object function = parse.getConstructor().newInstance();
      Object row =
          parse.getMethod("eval", String.class).invoke(function, Fixtures.validLines().get(0));
      assertThat(row.getClass().getName()).isEqualTo(Row.class.getName());
      assertThat(row.toString()).contains("e-0001").contains("ubc_0001");
    }
  }
}
