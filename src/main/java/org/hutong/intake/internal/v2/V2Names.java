package org.hutong.intake.internal.v2;

/**
 * Names as Chinese senders write them: family name then given name, joined without a space when
 * either contains Han characters ({@code 王} + {@code 小明} = {@code 王小明}), with one space otherwise.
 */
final class V2Names {

  private V2Names() {}

  /** The full name for display; either part may be null. */
  static String join(String family, String given) {
    if (family == null) {
      return given;
    }
    if (given == null) {
      return family;
    }
    return isCjk(family) || isCjk(given) ? family + given : family + " " + given;
  }

  /** Whether the text contains a Han character. */
  static boolean isCjk(String text) {
    return text != null && text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
  }
}
