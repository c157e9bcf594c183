package io.watershed.collector.agent.internal.discovery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A hash of a file's first bytes: of its first {@link #FULL_LENGTH} bytes, or of all of them while
 * it is shorter ({@code length} says how many were hashed).
 */
record Fingerprint(int length, String hash) {
  static final int FULL_LENGTH = 1024;

  boolean complete() {
    return length >= FULL_LENGTH;
  }

  /** The fingerprint of the file as it is now. */
  static Fingerprint of(FileChannel channel) throws IOException {
    return of(channel, (int) Math.min(FULL_LENGTH, channel.size()));
  }

  /** The hash of the first {@code length} bytes, or null when the file is shorter now. */
  static Fingerprint of(FileChannel channel, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, buffer.position()) < 0) {
        return null;
      }
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(buffer.array(), 0, length);
      return new Fingerprint(length, HexFormat.of().formatHex(digest.digest(), 0, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash a file's first bytes: no SHA-256", e);
    }
  }

  /** Whether the file still starts with the bytes this fingerprint hashed. */
  boolean matches(FileChannel channel) throws IOException {
    if (channel.size() < length) {
      return false;
    }
    return this.equals(of(channel, length));
  }
}
