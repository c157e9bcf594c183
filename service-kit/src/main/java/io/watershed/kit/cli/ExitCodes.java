package io.watershed.kit.cli;

/** The one exit-code convention of every Watershed command line. */
public final class ExitCodes {
  /** The command did what it was asked. */
  public static final int OK = 0;

  /** The command was understood but failed (a dependency down, a job that did not start). */
  public static final int FAILED = 1;

  /** The command line or the config file is wrong: nothing was started. */
  public static final int USAGE_OR_CONFIG = 2;

  private ExitCodes() {}
}
