package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** udf add's scan, on a jar compiled here against Flink's table API (the test classpath's). */
class UdfScanTest {
  private static final String SOURCES =
      """
package com.example;
public final class MyUpper extends org.apache.flink.table.functions.ScalarFunction {
  public String eval(String s) { return s == null ? null : s.toUpperCase(); }
}
---
package com.example;
public final class SplitWords extends org.apache.flink.table.functions.TableFunction<String> {
  public void eval(String s) { for (String w : s.split(" ")) collect(w); }
  public static final class HTTPStatus extends org.apache.flink.table.functions.ScalarFunction {
    public Integer eval(Integer code) { return code; }
  }
}
---
package com.example;
public abstract class BaseFunction extends org.apache.flink.table.functions.ScalarFunction {}
---
package com.example;
final class Hidden extends org.apache.flink.table.functions.ScalarFunction {
  public String eval(String s) { return s; }
}
---
package com.example;
public final class Helper { public static int twice(int x) { return 2 * x; } }
""";

  @Test
  void findsThePublicConcreteFunctionsOfAJar(@TempDir Path work) throws IOException {
    Path jar = compileJar(work);
    List<UdfScan.Function> functions = UdfScan.functions(jar, UdfScanTest.class.getClassLoader());
    assertThat(functions)
        .containsExactly(
            new UdfScan.Function("my_upper", "com.example.MyUpper"),
            new UdfScan.Function("split_words", "com.example.SplitWords"),
            new UdfScan.Function("http_status", "com.example.SplitWords$HTTPStatus"));
    assertThat(functions.get(0).createStatement("hdfs://nn:9000/watershed/udfs/x.jar"))
        .isEqualTo(
            "CREATE FUNCTION my_upper AS 'com.example.MyUpper'"
                + " USING JAR 'hdfs://nn:9000/watershed/udfs/x.jar';");
  }

  @Test
  void aJarWithoutFunctionsHasNone(@TempDir Path work) throws IOException {
    Path jar = work.resolve("empty.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("README.txt"));
      out.write("nothing".getBytes());
    }
    assertThat(UdfScan.functions(jar, UdfScanTest.class.getClassLoader())).isEmpty();
  }

  @Test
  void snakeNames() {
    assertThat(UdfScan.snakeName("UbcParse")).isEqualTo("ubc_parse");
    assertThat(UdfScan.snakeName("UbcDevicesEstimate")).isEqualTo("ubc_devices_estimate");
    assertThat(UdfScan.snakeName("JSONPath2")).isEqualTo("json_path2");
    assertThat(UdfScan.snakeName("Md5Hex")).isEqualTo("md5_hex");
    assertThat(UdfScan.snakeName("lower")).isEqualTo("lower");
  }

  private static Path compileJar(Path work) throws IOException {
    Path sources = work.resolve("src/com/example");
    Files.createDirectories(sources);
    for (String source : SOURCES.split("---\n")) {
      String name =
          source.lines().filter(l -> l.contains(" class ")).findFirst().orElseThrow().trim();
      String className = name.split("class ")[1].split("[ <]")[0];
      Files.writeString(sources.resolve(className + ".java"), source);
    }
    Path classes = work.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<String> arguments;
    try (Stream<Path> files = Files.list(sources)) {
      arguments =
          Stream.concat(
                  Stream.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")),
                  files.map(Path::toString))
              .toList();
    }
    assertThat(compiler.run(null, null, null, arguments.toArray(String[]::new))).isZero();
    Path jar = work.resolve("my-functions.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(file));
      }
    }
    return jar;
  }
}
