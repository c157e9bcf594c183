package io.watershed.kit.error;

/** Whose side is at fault when a request or a record fails (STYLE.md 10). */
public enum ErrorKind {
  /** The caller sent something wrong: fixing it is theirs, a retry as-is will not help. */
  USER,
  /** A system the service depends on failed or is unreachable. */
  EXTERNAL,
  /** The service itself failed. */
  INTERNAL
}
