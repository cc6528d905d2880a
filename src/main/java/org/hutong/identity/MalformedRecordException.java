package org.hutong.identity;

/** An input file could not be read as records; the message names the file and line. */
public final class MalformedRecordException extends RuntimeException {

  private final int line;

  public MalformedRecordException(String file, int line, String problem) {
    super(file + " line " + line + ": " + problem);
    this.line = line;
  }

  /** The 1-based line where the bad record starts. */
  public int line() {
    return line;
  }
}
