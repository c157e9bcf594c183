package io.watershed.collector.agent.internal.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** A file's identity on its file system: device and inode. */
record FileKey(long device, long inode) {
  static FileKey of(Path path) throws IOException {
    Object device = Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS);
    Object inode = Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    return new FileKey(((Number) device).longValue(), ((Number) inode).longValue());
  }

  @Override
  public String toString() {
    return device + ":" + inode;
  }
}
