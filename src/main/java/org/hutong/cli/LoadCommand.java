package org.hutong.cli;

/** {@code hutong load DIR}: loads bundles and NDJSON files into a running server. */
public final class LoadCommand {

  private LoadCommand() {}

  public static int run(String[] args) {
    System.err.println("load: not built yet");
    return 2;
  }
}
