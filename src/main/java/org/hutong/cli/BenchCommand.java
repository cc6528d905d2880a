package org.hutong.cli;

/** {@code hutong bench ...}: benchmarks on a throwaway embedded database. */
public final class BenchCommand {

  private BenchCommand() {}

  public static int run(String[] args) {
    System.err.println("bench: not built yet");
    return 2;
  }
}
