package org.hutong.access;

/** The SMART v2 interactions a scope can grant: {@code c r u d s}. */
public enum Interaction {
  CREATE('c'),
  READ('r'),
  UPDATE('u'),
  DELETE('d'),
  SEARCH('s');

  private final char letter;

  Interaction(char letter) {
    this.letter = letter;
  }

  public char letter() {
    return letter;
  }
}
