package org.hutong.identity.internal.compare;

/**
 * A key under which names that sound alike meet: Soundex for Latin-script names (romanised
 * Chinese names included); other scripts are their own key until the names module supplies pinyin.
 */
public final class PhoneticKey {

  private static final String CODES = "01230120022455012623010202"; // a..z

  private PhoneticKey() {}

  /** The key of an already folded name, or {@code null} for an empty one. */
  public static String of(String folded) {
    if (folded == null || folded.isEmpty()) {
      return null;
    }
    StringBuilder letters = new StringBuilder();
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (c >= 'a' && c <= 'z') {
        letters.append(c);
      } else if (c > 0x7f) {
        return folded;
      }
    }
    if (letters.isEmpty()) {
      return folded;
    }
    StringBuilder key = new StringBuilder().append(Character.toUpperCase(letters.charAt(0)));
    char last = CODES.charAt(letters.charAt(0) - 'a');
    for (int i = 1; i < letters.length() && key.length() < 4; i++) {
      char c = letters.charAt(i);
      char code = CODES.charAt(c - 'a');
      if (code != '0' && code != last) {
        key.append(code);
      }
      if (c != 'h' && c != 'w') {
        last = code;
      }
    }
    while (key.length() < 4) {
      key.append('0');
    }
    return key.toString();
  }
}
