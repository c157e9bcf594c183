package io.watershed.collector.agent.internal.discovery;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

/** Expands absolute glob patterns to the regular files they match now. */
final class Globs {
  private Globs() {}

  static List<Path> expand(String glob) throws IOException {
    Path pattern = Path.of(glob);
    Path base = pattern.getRoot();
    int fixed = 0;
    for (Path part : pattern) {
      if (hasWildcard(part.toString())) {
        break;
      }
      base = base.resolve(part);
      fixed++;
    }
    if (fixed == pattern.getNameCount()) {
      return Files.isRegularFile(base) ? List.of(base) : List.of();
    }
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    int depth = glob.contains("**") ? Integer.MAX_VALUE : pattern.getNameCount() - fixed;
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk =
        Files.walk(
            base, depth, EnumSet.noneOf(FileVisitOption.class).toArray(new FileVisitOption[0]))) {
      walk.filter(matcher::matches).filter(Files::isRegularFile).forEach(files::add);
    } catch (java.io.UncheckedIOException e) {
      // a file vanished during the walk: the next scan sees the directory as it is then
    }
    return files;
  }

  private static boolean hasWildcard(String part) {
    return part.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }
}
