package io.watershed.infra;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The Flink functions of a jar: every public, concrete class of it that is a Flink {@code
 * UserDefinedFunction} (scalar, table, aggregate...), found by loading its classes (without
 * initialising them) over Flink's own classes, as the cluster would.
 */
final class UdfScan {
  static final String USER_DEFINED_FUNCTION =
      "org.apache.flink.table.functions.UserDefinedFunction";

  /** One function of the jar and the name to register it under. */
  record Function(String name, String className) {
    String createStatement(String jarUri) {
      return "CREATE FUNCTION %s AS '%s' USING JAR '%s';".formatted(name, className, jarUri);
    }
  }

  private UdfScan() {}

  /** A class loader over the jars of a Flink lib/ directory. */
  static URLClassLoader flinkLoader(Path flinkLib) throws IOException {
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(flinkLib)) {
      for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
        jars.add(jar.toUri().toURL());
      }
    }
    return new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /**
   * The functions of {@code jar}, by class name.
   *
   * @param flink a class loader with Flink's table API (its {@code UserDefinedFunction})
   */
  static List<Function> functions(Path jar, ClassLoader flink) throws IOException {
    Class<?> userDefinedFunction;
    try {
      userDefinedFunction = Class.forName(USER_DEFINED_FUNCTION, false, flink);
    } catch (ClassNotFoundException e) {
      throw new IOException(
          "Cannot scan " + jar + ": Flink's table API is not on the classpath", e);
    }
    List<Function> functions = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile());
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, flink)) {
      List<String> classNames =
          file.stream()
              .map(JarEntry::getName)
              .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/"))
              .filter(name -> !name.endsWith("module-info.class"))
              .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
              .sorted()
              .toList();
      for (String className : classNames) {
        Class<?> type = load(className, loader);
        if (type != null
            && userDefinedFunction.isAssignableFrom(type)
            && Modifier.isPublic(type.getModifiers())
            && !Modifier.isAbstract(type.getModifiers())
            && !type.isAnonymousClass()
            && !type.isLocalClass()
            && (type.getEnclosingClass() == null || Modifier.isStatic(type.getModifiers()))) {
          functions.add(new Function(snakeName(type.getSimpleName()), className));
        }
      }
    }
    return List.copyOf(functions);
  }

  /** A class that cannot load (a dependency the jar does not carry) is not a function of it. */
  private static Class<?> load(String className, ClassLoader loader) {
    try {
      return Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** {@code UbcParse} to {@code ubc_parse}, {@code JSONPath2} to {@code json_path2}. */
  static String snakeName(String simpleName) {
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < simpleName.length(); i++) {
      char c = simpleName.charAt(i);
      boolean upper = Character.isUpperCase(c);
      if (upper && i > 0) {
        char previous = simpleName.charAt(i - 1);
        boolean nextLower =
            i + 1 < simpleName.length() && Character.isLowerCase(simpleName.charAt(i + 1));
        if (Character.isLowerCase(previous)
            || Character.isDigit(previous)
            || (Character.isUpperCase(previous) && nextLower)) {
          name.append('_');
        }
      }
      name.append(c);
    }
    return name.toString().toLowerCase(Locale.ROOT);
  }
}
