package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Where a job keeps its state, by job name, so that any later submission of the same name finds it:
 * {@code <state-dir>/checkpoints/<name>/<job id>/chk-N} (retained on cancellation and on failure)
 * and {@code <state-dir>/savepoints/<name>/savepoint-*} (written when the job is stopped). The
 * newest complete one, a directory holding its {@code _metadata}, is what a job resumes from.
 */
final class JobState {
  private static final String METADATA = "_metadata";

  private final String root;

  JobState(String root) {
    this.root = stripTrailingSlash(requireNonNull(root, "root is null"));
  }

  /** A completed checkpoint or savepoint: its directory, what it is and when it was written. */
  record Snapshot(String path, String kind, Instant written) {
    @Override
    public String toString() {
      return written.equals(Instant.EPOCH)
          ? kind + " " + path
          : kind + " " + path + " (written " + written + ")";
    }
  }

  String checkpointDirectory(String jobName) {
    return root + "/checkpoints/" + jobName;
  }

  String savepointDirectory(String jobName) {
    return root + "/savepoints/" + jobName;
  }

  /** The newest complete checkpoint or savepoint of the job, if it ever wrote one. */
  Optional<Snapshot> latest(String jobName) throws IOException {
    List<Snapshot> found = new ArrayList<>();
    for (FileStatus savepoint : list(new Path(savepointDirectory(jobName)))) {
      metadata(savepoint, "savepoint").ifPresent(found::add);
    }
    for (FileStatus run : list(new Path(checkpointDirectory(jobName)))) {
      for (FileStatus checkpoint : list(run.getPath())) {
        if (checkpoint.getPath().getName().startsWith("chk-")) {
          metadata(checkpoint, "checkpoint").ifPresent(found::add);
        }
      }
    }
    return found.stream().max(Comparator.comparing(Snapshot::written));
  }

  private Optional<Snapshot> metadata(FileStatus directory, String kind) throws IOException {
    if (!directory.isDir()) {
      return Optional.empty();
    }
    Path metadata = new Path(directory.getPath(), METADATA);
    FileSystem fileSystem = metadata.getFileSystem();
    if (!fileSystem.exists(metadata)) {
      // A checkpoint that was being written when its job died: never complete.
      return Optional.empty();
    }
    long written = fileSystem.getFileStatus(metadata).getModificationTime();
    return Optional.of(
        new Snapshot(directory.getPath().toString(), kind, Instant.ofEpochMilli(written)));
  }

  private static List<FileStatus> list(Path directory) throws IOException {
    FileSystem fileSystem = FileSystem.get(URI.create(directory.toString()));
    if (!fileSystem.exists(directory)) {
      return List.of();
    }
    FileStatus[] statuses = fileSystem.listStatus(directory);
    return statuses == null ? List.of() : List.of(statuses);
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
