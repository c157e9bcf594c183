package io.watershed.catalog.internal;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Bearer-token authentication of {@code /v1} requests; off when no token is configured. */
public final class BearerAuth {
  private static final String SCHEME = "Bearer ";

  private final List<byte[]> tokens;

  private BearerAuth(List<byte[]> tokens) {
    this.tokens = requireNonNull(tokens, "tokens is null");
  }

  public static BearerAuth of(List<String> tokens) {
    return new BearerAuth(
        tokens.stream().map(token -> token.getBytes(StandardCharsets.UTF_8)).toList());
  }

  public boolean enabled() {
    return !tokens.isEmpty();
  }

  /** Whether a request with this {@code Authorization} header (null when absent) may proceed. */
  public boolean accepts(String authorization) {
    if (!enabled()) {
      return true;
    }
    if (authorization == null
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    byte[] presented =
        authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
    boolean accepted = false;
    for (byte[] token : tokens) {
      // compares every token in constant time, so timing tells nothing about which matched
      accepted |= MessageDigest.isEqual(token, presented);
    }
    return accepted;
  }
}
